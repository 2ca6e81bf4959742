using System.Net;
using System.Net.Mail;

namespace HateCase.Mail.Delivery;

public enum MailProvider
{
    DevelopmentMailbox,
    AzureCommunicationServices,
    Smtp,
}

// The "Mail" section. The defaults suit local work: messages land in the development mailbox.
public sealed class MailOptions
{
    public const string Section = "Mail";
    public const string DevelopmentFrom = "casework@development.invalid";

    public string Provider { get; set; } = nameof(MailProvider.DevelopmentMailbox);

    // The sender address; for ACS it must be on a domain verified in the ACS resource.
    public string? From { get; set; }

    public AcsMailOptions Acs { get; set; } = new();

    public SmtpMailOptions Smtp { get; set; } = new();

    // ACS Email's default limits for a custom domain are 30 a minute and 100 an hour.
    public int PerMinute { get; set; } = 30;

    public int PerHour { get; set; } = 100;

    public MailProvider? ProviderKind =>
        Enum.TryParse<MailProvider>(Provider, ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : null;

    public string SenderAddress => string.IsNullOrWhiteSpace(From) ? DevelopmentFrom : From.Trim();

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var kind = ProviderKind;
        if (kind is null)
        {
            problems.Add($"{Section}:Provider must be one of {string.Join(", ", Enum.GetNames<MailProvider>())}");
            return problems;
        }
        if (kind != MailProvider.DevelopmentMailbox && string.IsNullOrWhiteSpace(From))
        {
            problems.Add($"{Section}:From is required when {Section}:Provider is {kind}");
        }
        else if (!string.IsNullOrWhiteSpace(From) && !MailAddress.TryCreate(From.Trim(), out _))
        {
            problems.Add($"{Section}:From must be an email address");
        }
        if (PerMinute < 1)
        {
            problems.Add($"{Section}:PerMinute must be at least 1");
        }
        if (PerHour < PerMinute)
        {
            problems.Add($"{Section}:PerHour must be at least {Section}:PerMinute");
        }
        switch (kind)
        {
            case MailProvider.AzureCommunicationServices:
                Acs.Validate(problems);
                break;
            case MailProvider.Smtp:
                Smtp.Validate(problems);
                break;
        }
        return problems;
    }

    internal static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}

public sealed class AcsMailOptions
{
    private const string Prefix = MailOptions.Section + ":Acs";
    private const string WhenAcs = "when " + MailOptions.Section + ":Provider is AzureCommunicationServices";

    // https://<resource>.communication.azure.com
    public string? Endpoint { get; set; }

    // endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>
    public string? ConnectionString { get; set; }

    // Sign in with the app's managed identity (or whatever DefaultAzureCredential finds) instead of the access key.
    public bool UseManagedIdentity { get; set; }

    // How many times one send asks whether ACS has finished, before leaving it for a later attempt.
    public int StatusPolls { get; set; } = 3;

    public TimeSpan LongestPollWait { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate(List<string> problems)
    {
        Uri? endpoint = null;
        if (!string.IsNullOrWhiteSpace(Endpoint))
        {
            if (AcsConnectionString.TryReadEndpoint(Endpoint, out var parsed))
            {
                endpoint = parsed;
            }
            else
            {
                problems.Add($"{Prefix}:Endpoint must be an https address such as https://<resource>.communication.azure.com");
            }
        }

        if (UseManagedIdentity)
        {
            if (string.IsNullOrWhiteSpace(Endpoint))
            {
                problems.Add($"{Prefix}:Endpoint is required {WhenAcs} and {Prefix}:UseManagedIdentity is true");
            }
            return;
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{Prefix}:ConnectionString is required {WhenAcs}, unless {Prefix}:UseManagedIdentity is true and {Prefix}:Endpoint is set");
            return;
        }
        // The connection string holds the access key: describe what is wrong, never echo it.
        if (!AcsConnectionString.TryParse(ConnectionString, out var fromConnection))
        {
            problems.Add($"{Prefix}:ConnectionString must look like endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>");
        }
        else if (endpoint is not null && !string.Equals(endpoint.Authority, fromConnection.Endpoint.Authority, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{Prefix}:Endpoint and the endpoint in {Prefix}:ConnectionString name different resources");
        }
        if (StatusPolls < 0)
        {
            problems.Add($"{Prefix}:StatusPolls must not be negative");
        }
    }
}

public sealed class SmtpMailOptions
{
    private const string Prefix = MailOptions.Section + ":Smtp";
    private const string WhenSmtp = "when " + MailOptions.Section + ":Provider is Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public bool EnableStartTls { get; set; } = true;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    internal void Validate(List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            problems.Add($"{Prefix}:Host is required {WhenSmtp}");
        }
        if (Port is < 1 or > 65535)
        {
            problems.Add($"{Prefix}:Port must be a port number from 1 to 65535");
        }
        else if (Port == 465)
        {
            // System.Net.Mail speaks STARTTLS only, not TLS from the first byte.
            problems.Add($"{Prefix}:Port 465 (TLS from connection) is not supported; use port 587 with {Prefix}:EnableStartTls true");
        }
        var hasUser = !string.IsNullOrEmpty(UserName);
        var hasPassword = !string.IsNullOrEmpty(Password);
        if (hasUser != hasPassword)
        {
            problems.Add($"{Prefix}:UserName and {Prefix}:Password must be given together");
        }
        if (hasUser && !EnableStartTls && !string.IsNullOrWhiteSpace(Host) && !MailOptions.IsLoopback(Host))
        {
            problems.Add($"{Prefix}:EnableStartTls must be true when {Prefix}:UserName is set, or the password would cross the network unencrypted");
        }
    }
}
