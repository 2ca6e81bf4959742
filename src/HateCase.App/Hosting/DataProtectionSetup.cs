using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using HateCase.Runtime.Ports;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace HateCase.App.Hosting;

// The forms' antiforgery tokens and the confirmation page's cookie are protected with keys every
// instance must share: a report form served by one instance may be sent to another, or after a
// restart or a scale-out, and a victim must not lose what they wrote to "bad request". The key
// ring is kept in blob storage beside the cases, where each instance finds it.
public static partial class DataProtectionSetup
{
    public const string ApplicationName = "HateCaseFunctions";

    public const string CertificateFileSetting = "DataProtection:CertificateFile";
    public const string CertificatePasswordSetting = "DataProtection:CertificatePassword";

    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var prefix = (configuration["Storage:TablePrefix"] ?? "").ToLowerInvariant();
        var container = prefix.Length == 0 ? "data-protection" : $"{prefix}-data-protection";
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        // With a certificate the keys are encrypted before they are stored, so read access to the
        // storage account is not enough to forge a form token or read a cookie.
        if (ReadCertificate(configuration) is { } certificate)
        {
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        services.AddOptions<KeyManagementOptions>().Configure<IBlobStore>((options, blobs) =>
            options.XmlRepository = new BlobKeyRepository(blobs, container));
        return services;
    }

    // A PKCS#12 file with the private key: in Azure, a certificate the app loads
    // (WEBSITE_LOAD_CERTIFICATES) appears as /var/ssl/private/{thumbprint}.p12.
    private static X509Certificate2? ReadCertificate(IConfiguration configuration)
    {
        if (configuration[CertificateFileSetting] is not { Length: > 0 } path)
        {
            return null;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[CertificatePasswordSetting]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException(
                $"{CertificateFileSetting} could not be read as a PKCS#12 certificate with its private key (check the path and {CertificatePasswordSetting}).");
        }
        using (var key = certificate.HasPrivateKey ? certificate.GetRSAPrivateKey() : null)
        {
            if (key is null)
            {
                throw new InvalidOperationException($"{CertificateFileSetting} must hold an RSA certificate with its private key.");
            }
        }
        return certificate;
    }

    // One blob a key. The repository interface is synchronous; it is called when the key ring is
    // loaded or a key is made (every few days), never on a request's own path.
    private sealed class BlobKeyRepository(IBlobStore blobs, string container) : IXmlRepository
    {
        private const string Prefix = "keys/";

        public IReadOnlyCollection<XElement> GetAllElements() => Task.Run(async () =>
        {
            var elements = new List<XElement>();
            foreach (var name in await blobs.List(container, Prefix, CancellationToken.None))
            {
                if (await blobs.Get(container, name, CancellationToken.None) is { } blob)
                {
                    elements.Add(XElement.Parse(Encoding.UTF8.GetString(blob.Content.Span)));
                }
            }
            return (IReadOnlyCollection<XElement>)elements;
        }).GetAwaiter().GetResult();

        public void StoreElement(XElement element, string friendlyName)
        {
            ArgumentNullException.ThrowIfNull(element);
            var name = SafeName().IsMatch(friendlyName ?? "") ? friendlyName : Guid.NewGuid().ToString("N");
            var content = Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting));
            Task.Run(() => blobs.Put(container, $"{Prefix}{name}.xml", content, "application/xml", CancellationToken.None)).GetAwaiter().GetResult();
        }
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,100}$")]
    private static partial Regex SafeName();
}
