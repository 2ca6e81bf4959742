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

    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var prefix = (configuration["Runtime:TablePrefix"] ?? "").ToLowerInvariant();
        var container = prefix.Length == 0 ? "data-protection" : $"{prefix}-data-protection";
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IBlobStore>((options, blobs) =>
            options.XmlRepository = new BlobKeyRepository(blobs, container));
        return services;
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
