using Azure.Core;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace HateCase.Inbound.Graph;

// The Microsoft Graph client for the mailbox: the SDK's own middleware (its retry handler honours
// Retry-After on 429, 503 and 504), bounded by our retry limits, and a bearer token from a
// TokenCredential (a managed identity or an app registration in Azure) sent only to the Graph host.
// The base URL can point at any server, which is how the tests run it against a fake Graph.
public static class MailboxGraphClient
{
    public static GraphServiceClient Create(InboundMailOptions options, TokenCredential credential, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        var baseUrl = new Uri(options.GraphBaseUrl.TrimEnd('/'));
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        var retry = new RetryHandler(new RetryHandlerOption
        {
            MaxRetry = options.MaxRetries,
            RetriesTimeLimit = options.MaxRetryWait,
        });
        var index = handlers.ToList().FindIndex(h => h is RetryHandler);
        if (index >= 0)
        {
            handlers[index] = retry;
        }
        else
        {
            handlers.Insert(0, retry);
        }

        var httpClient = GraphClientFactory.Create(handlers, finalHandler: transport ?? new HttpClientHandler());
        var tokens = new CredentialTokenProvider(credential, options.GraphScopes, [baseUrl.Host]);
        return new GraphServiceClient(httpClient, new BaseBearerTokenAuthenticationProvider(tokens), baseUrl.ToString().TrimEnd('/'));
    }

    // Tokens for the configured scopes, for the configured host only, over HTTPS (plain HTTP only
    // to a loopback address, for local fakes).
    private sealed class CredentialTokenProvider(TokenCredential credential, string[] scopes, string[] hosts) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new(hosts);

        public async Task<string> GetAuthorizationTokenAsync(
            Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            if (!AllowedHostsValidator.IsUrlHostValid(uri))
            {
                return "";
            }

            if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
            {
                throw new InvalidOperationException("Microsoft Graph must be called over HTTPS.");
            }

            var token = await credential.GetTokenAsync(new TokenRequestContext(scopes), cancellationToken);
            return token.Token;
        }
    }
}
