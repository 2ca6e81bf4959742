using System.Collections.Concurrent;
using Azure.Core;

namespace HateCase.Testing;

// Stands in for Entra ID: hands out a fixed token and records the scopes it was asked for.
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
