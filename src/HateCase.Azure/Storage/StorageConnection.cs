namespace HateCase.Azure.Storage;

// How the app reaches its storage account, read from the settings the Functions host itself uses
// for AzureWebJobsStorage: a connection string, or an identity-based connection
// (AzureWebJobsStorage__accountName, or the three __*ServiceUri settings) signed in with Entra ID,
// so no account key need exist.
public abstract record StorageConnection
{
    private StorageConnection() { }

    public sealed record ConnectionString(string Value) : StorageConnection;

    // ManagedIdentityOnly: __credential is "managedidentity"; ClientId picks a user-assigned identity.
    public sealed record Identity(Uri TableServiceUri, Uri BlobServiceUri, Uri QueueServiceUri, bool ManagedIdentityOnly, string? ClientId)
        : StorageConnection;

    // `setting` looks a setting up by its name with ":" between sections (AzureWebJobsStorage:accountName).
    public static StorageConnection Read(Func<string, string?> setting, string name = "AzureWebJobsStorage")
    {
        ArgumentNullException.ThrowIfNull(setting);
        string? Value(string key) => setting(key) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        if (Value(name) is { } connectionString)
        {
            return new ConnectionString(connectionString);
        }

        var credential = Value($"{name}:credential");
        if (credential is not null && !credential.Equals("managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{name}:credential is 'managedidentity' or not set (then the app's default Azure credential is used).");
        }
        var managedIdentityOnly = credential is not null;
        var clientId = Value($"{name}:clientId");

        var services = new[] { "table", "blob", "queue" }
            .Select(service => (Service: service, Setting: $"{name}:{service}ServiceUri", Value: Value($"{name}:{service}ServiceUri")))
            .ToList();
        if (services.Any(s => s.Value is not null))
        {
            var uris = services.Select(s => s.Value is { } text && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                    ? uri
                    : throw new InvalidOperationException(
                        $"{s.Setting} must be the https address of the storage account's {s.Service} service when any service address is set."))
                .ToList();
            return new Identity(uris[0], uris[1], uris[2], managedIdentityOnly, clientId);
        }

        if (Value($"{name}:accountName") is { } account)
        {
            if (!IsAccountName(account))
            {
                throw new InvalidOperationException($"{name}:accountName must be a storage account name: 3 to 24 lowercase letters and digits.");
            }
            Uri Service(string service) => new($"https://{account}.{service}.core.windows.net/");
            return new Identity(Service("table"), Service("blob"), Service("queue"), managedIdentityOnly, clientId);
        }

        throw new InvalidOperationException(
            $"The setting {name} is missing: set it to a storage connection string, or set {name}:accountName ({name}__accountName as an app setting) to reach the account with the app's managed identity.");
    }

    private static bool IsAccountName(string name) =>
        name.Length is >= 3 and <= 24 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));
}
