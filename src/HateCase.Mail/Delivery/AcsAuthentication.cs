using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace HateCase.Mail.Delivery;

// ACS access-key signing: x-ms-date, x-ms-content-sha256, and an HMAC-SHA256 over
// "{VERB}\n{path and query}\n{x-ms-date};{host};{x-ms-content-sha256}" keyed by the access key.
internal sealed class AcsHmacPolicy(byte[] accessKey, TimeProvider clock) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Sign(message.Request, ContentHash(message.Request, message.CancellationToken));
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Sign(message.Request, await ContentHashAsync(message.Request, message.CancellationToken).ConfigureAwait(false));
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    public static string StringToSign(string method, Uri uri, string date, string contentHash) =>
        $"{method}\n{uri.PathAndQuery}\n{date};{uri.Authority};{contentHash}";

    private void Sign(Request request, string contentHash)
    {
        var date = clock.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        var toSign = StringToSign(request.Method.Method, request.Uri.ToUri(), date, contentHash);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(accessKey, Encoding.ASCII.GetBytes(toSign)));
        request.Headers.SetValue("x-ms-date", date);
        request.Headers.SetValue("x-ms-content-sha256", contentHash);
        request.Headers.SetValue("Authorization", $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
    }

    private static string ContentHash(Request request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        request.Content?.WriteTo(buffer, cancellationToken);
        return Convert.ToBase64String(SHA256.HashData(buffer.ToArray()));
    }

    private static async Task<string> ContentHashAsync(Request request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        if (request.Content is { } content)
        {
            await content.WriteToAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        return Convert.ToBase64String(SHA256.HashData(buffer.ToArray()));
    }
}

// Microsoft Entra ID bearer tokens, refreshed a few minutes before they expire. Tokens only
// travel over TLS, except to this machine (an emulator or a test double).
internal sealed class AcsBearerTokenPolicy(TokenCredential credential, string scope, TimeProvider clock) : HttpPipelinePolicy
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim gate = new(1, 1);
    private AccessToken? current;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        RequireTls(message.Request);
        gate.Wait(message.CancellationToken);
        try
        {
            if (NeedsToken())
            {
                current = credential.GetToken(new TokenRequestContext([scope]), message.CancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
        message.Request.Headers.SetValue("Authorization", "Bearer " + current!.Value.Token);
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        RequireTls(message.Request);
        await gate.WaitAsync(message.CancellationToken).ConfigureAwait(false);
        try
        {
            if (NeedsToken())
            {
                current = await credential.GetTokenAsync(new TokenRequestContext([scope]), message.CancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
        message.Request.Headers.SetValue("Authorization", "Bearer " + current!.Value.Token);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    private bool NeedsToken()
    {
        var now = clock.GetUtcNow();
        return current is not { } token
            || token.ExpiresOn - RefreshMargin <= now
            || (token.RefreshOn is { } refreshOn && refreshOn <= now);
    }

    private static void RequireTls(Request request)
    {
        var uri = request.Uri.ToUri();
        if (uri.Scheme != Uri.UriSchemeHttps && !MailOptions.IsLoopback(uri.Host))
        {
            throw new InvalidOperationException("Bearer tokens are only sent over https.");
        }
    }
}
