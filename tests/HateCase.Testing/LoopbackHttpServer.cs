using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HateCase.Testing;

// A real HTTP server (Kestrel) for a fake of a cloud service. It binds loopback port 0, so the
// operating system picks the port as it binds and nothing else can take it in between. Given a
// certificate it speaks HTTPS, for clients that send tokens only over TLS.
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackHttpServer(WebApplication app, Uri endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    // http://127.0.0.1:{port}/, or https:// with a certificate.
    public Uri Endpoint { get; }

    public int Port => Endpoint.Port;

    public static async Task<LoopbackHttpServer> StartAsync(RequestDelegate handle, X509Certificate2? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var scheme = certificate is null ? "http" : "https";
        return new LoopbackHttpServer(app, new Uri($"{scheme}://127.0.0.1:{new Uri(address).Port}/"));
    }

    // A self-signed server certificate for 127.0.0.1, valid for an hour: a client trusts it by
    // checking for this very certificate, never by turning checks off.
    public static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    public static LoopbackHttpServer Start(RequestDelegate handle) => StartAsync(handle).GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
