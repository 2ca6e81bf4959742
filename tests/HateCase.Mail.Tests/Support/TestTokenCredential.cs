using System.Collections.Concurrent;
using Azure.Core;

namespace HateCase.Mail.Tests.Support;

public sealed class TestTokenCredential(string token) : TokenCredential
{
    public ConcurrentQueue<string> ScopesAskedFor { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            ScopesAskedFor.Enqueue(scope);
        }
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
