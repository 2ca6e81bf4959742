using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using HateCase.Azure.Storage;
using HateCase.Testing;
using Microsoft.AspNetCore.Http;

namespace HateCase.Azure.Tests;

public sealed class StorageConnectionTests
{
    private static StorageConnection Read(params (string Key, string Value)[] settings)
    {
        // A later setting of the same key replaces an earlier one.
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }
        return StorageConnection.Read(key => values.GetValueOrDefault(key));
    }

    [Fact]
    public void A_connection_string_is_used_as_it_is()
    {
        var connection = Read(("AzureWebJobsStorage", "UseDevelopmentStorage=true"));

        Assert.Equal(new StorageConnection.ConnectionString("UseDevelopmentStorage=true"), connection);
    }

    [Fact]
    public void An_account_name_reaches_the_accounts_three_services_over_https_with_the_default_credential()
    {
        var identity = Assert.IsType<StorageConnection.Identity>(Read(("AzureWebJobsStorage:accountName", "anytownasb")));

        Assert.Equal(new Uri("https://anytownasb.table.core.windows.net/"), identity.TableServiceUri);
        Assert.Equal(new Uri("https://anytownasb.blob.core.windows.net/"), identity.BlobServiceUri);
        Assert.Equal(new Uri("https://anytownasb.queue.core.windows.net/"), identity.QueueServiceUri);
        Assert.False(identity.ManagedIdentityOnly);
        Assert.Null(identity.ClientId);
    }

    [Fact]
    public void A_user_assigned_managed_identity_is_named_by_its_client_id()
    {
        var identity = Assert.IsType<StorageConnection.Identity>(Read(
            ("AzureWebJobsStorage:accountName", "anytownasb"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "1d0c5a6e-0000-4000-8000-000000000001")));

        Assert.True(identity.ManagedIdentityOnly);
        Assert.Equal("1d0c5a6e-0000-4000-8000-000000000001", identity.ClientId);
    }

    [Fact]
    public void Service_addresses_given_one_by_one_are_used_in_place_of_the_account_name()
    {
        var identity = Assert.IsType<StorageConnection.Identity>(Read(
            ("AzureWebJobsStorage:tableServiceUri", "https://tables.example.org/"),
            ("AzureWebJobsStorage:blobServiceUri", "https://blobs.example.org/"),
            ("AzureWebJobsStorage:queueServiceUri", "https://queues.example.org/")));

        Assert.Equal(new Uri("https://tables.example.org/"), identity.TableServiceUri);
        Assert.Equal(new Uri("https://blobs.example.org/"), identity.BlobServiceUri);
        Assert.Equal(new Uri("https://queues.example.org/"), identity.QueueServiceUri);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage:accountName", "Not An Account", "AzureWebJobsStorage:accountName")]
    [InlineData("AzureWebJobsStorage:blobServiceUri", "https://blobs.example.org/", "AzureWebJobsStorage:tableServiceUri")]
    [InlineData("AzureWebJobsStorage:credential", "password", "AzureWebJobsStorage:credential")]
    public void A_setting_that_makes_no_sense_is_refused_by_name(string key, string value, string named)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Read(("AzureWebJobsStorage:accountName", "anytownasb"), (key, value)));

        Assert.Contains(named, refused.Message);
    }

    [Fact]
    public void A_service_address_that_is_not_https_is_refused_since_the_token_would_travel_in_the_clear()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Read(
            ("AzureWebJobsStorage:tableServiceUri", "http://tables.example.org/"),
            ("AzureWebJobsStorage:blobServiceUri", "https://blobs.example.org/"),
            ("AzureWebJobsStorage:queueServiceUri", "https://queues.example.org/")));

        Assert.Contains("AzureWebJobsStorage:tableServiceUri", refused.Message);
    }

    [Fact]
    public void No_storage_setting_at_all_is_refused_naming_both_ways_to_set_it()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Read());

        Assert.Contains("AzureWebJobsStorage", refused.Message);
        Assert.Contains("accountName", refused.Message);
    }

    [Fact]
    public async Task An_identity_based_store_sends_a_storage_token_with_every_request_and_no_shared_key()
    {
        using var certificate = LoopbackHttpServer.CreateCertificate();
        var seen = new ConcurrentQueue<(string Path, string Authorization)>();
        await using var server = await LoopbackHttpServer.StartAsync(context => NotFound(context, seen), certificate);
        var credential = new TestTokenCredential("token-for-storage");
        var storage = AzureStorage.FromServiceUris(
            server.Endpoint, new Uri(server.Endpoint, "blob"), new Uri(server.Endpoint, "queue"), credential,
            new AzureStorageOptions { Transport = TrustOnly(certificate) });

        Assert.Null(await storage.Tables.Get("cases", "case-1", "state", CancellationToken.None));
        Assert.Null(await storage.Blobs.Get("mail", "m1", CancellationToken.None));
        Assert.Empty(await storage.Queues.Receive("due", 1, TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Equal(3, seen.Count);
        Assert.All(seen, request => Assert.Equal("Bearer token-for-storage", request.Authorization));
        Assert.Contains(seen, request => request.Path.StartsWith("/cases(", StringComparison.Ordinal));
        Assert.Contains(seen, request => request.Path.StartsWith("/blob/mail/m1", StringComparison.Ordinal));
        Assert.Contains(seen, request => request.Path.StartsWith("/queue/due/messages", StringComparison.Ordinal));
        Assert.All(credential.ScopesAskedFor, scope => Assert.Equal("https://storage.azure.com/.default", scope));
    }

    // Answers as the service does for a table, container or queue that is not there.
    private static Task NotFound(HttpContext context, ConcurrentQueue<(string, string)> seen)
    {
        var path = context.Request.Path.Value ?? "";
        seen.Enqueue((path, context.Request.Headers.Authorization.ToString()));
        var code = path.StartsWith("/blob/", StringComparison.Ordinal) ? "ContainerNotFound"
            : path.StartsWith("/queue/", StringComparison.Ordinal) ? "QueueNotFound"
            : "TableNotFound";
        context.Response.StatusCode = 404;
        context.Response.Headers["x-ms-error-code"] = code;
        return Task.CompletedTask;
    }

    private static HttpClientTransport TrustOnly(X509Certificate2 certificate) =>
        new(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        });
}
