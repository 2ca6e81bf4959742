namespace HateCase.Mail.Delivery;

// "endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>"
public sealed record AcsConnectionString(Uri Endpoint, byte[] AccessKey)
{
    public static AcsConnectionString Parse(string connectionString) =>
        TryParse(connectionString, out var parsed)
            ? parsed
            : throw new FormatException("The ACS connection string must look like endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>.");

    public static bool TryParse(string? connectionString, out AcsConnectionString parsed)
    {
        parsed = null!;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }
        string? endpointText = null;
        string? keyText = null;
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }
            var name = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpointText = value;
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                keyText = value;
            }
        }
        if (!TryReadEndpoint(endpointText, out var endpoint) || string.IsNullOrEmpty(keyText))
        {
            return false;
        }
        var key = new byte[keyText.Length];
        if (!Convert.TryFromBase64String(keyText, key, out var written) || written == 0)
        {
            return false;
        }
        parsed = new AcsConnectionString(endpoint, key[..written]);
        return true;
    }

    // https only, except plain http to this machine (an emulator or a test double).
    public static bool TryReadEndpoint(string? text, out Uri endpoint)
    {
        endpoint = null!;
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && MailOptions.IsLoopback(uri.Host)))
            || !string.IsNullOrEmpty(uri.Query) || uri.AbsolutePath.Trim('/').Length > 0)
        {
            return false;
        }
        endpoint = new Uri(uri.GetLeftPart(UriPartial.Authority));
        return true;
    }
}
