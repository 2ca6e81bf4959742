using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using HateCase.Azure.Storage;
using HateCase.App.Tests.Support;
using HateCase.Testing;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// Two instances of the app, as Azure runs it when it scales out: each with a home folder of its
// own (nothing shared on disk), the same storage. A form one instance served is accepted by the other.
// The instances are processes of their own, as a home folder belongs to the whole process.
[Collection(OwnAppCollection.Name)]
public sealed partial class SharedKeysTests(AzuriteFixture azurite, ITestOutputHelper output) : AppTestBase(output)
{
    [Fact]
    public async Task A_report_form_served_by_one_instance_is_accepted_by_another()
    {
        var first = await StartOwnAppProcess(azurite.ConnectionString, s => s["HOME"] = NewHome());
        var second = await StartOwnAppProcess(azurite.ConnectionString, s =>
        {
            s["HOME"] = NewHome();
            s["Storage__TablePrefix"] = "t" + first.RunId;
        });
        var elsewhere = await StartOwnAppProcess(azurite.ConnectionString, s => s["HOME"] = NewHome());

        var (token, cookie) = await ReportForm(first);

        // An empty form is not a report: the answer is the form again with its errors, which
        // means the antiforgery check passed. A token the instance cannot read is a 400.
        using var accepted = await PostEmptyReport(second, token, cookie);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("There is a problem", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var refused = await PostEmptyReport(elsewhere, token, cookie);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_every_instance_holding_it_accepts_the_form()
    {
        var certificateFile = Path.Combine(NewHome(), "data-protection.p12");
        using (var certificate = LoopbackHttpServer.CreateCertificate())
        {
            await File.WriteAllBytesAsync(certificateFile, certificate.Export(X509ContentType.Pkcs12, "a-password"));
        }
        void WithCertificate(Dictionary<string, string> s)
        {
            s["DataProtection__CertificateFile"] = certificateFile;
            s["DataProtection__CertificatePassword"] = "a-password";
        }
        var first = await StartOwnAppProcess(azurite.ConnectionString, s =>
        {
            s["HOME"] = NewHome();
            WithCertificate(s);
        });
        var second = await StartOwnAppProcess(azurite.ConnectionString, s =>
        {
            s["HOME"] = NewHome();
            s["Storage__TablePrefix"] = "t" + first.RunId;
            WithCertificate(s);
        });

        var (token, cookie) = await ReportForm(first);
        using var accepted = await PostEmptyReport(second, token, cookie);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var blobs = AzureStorage.FromConnectionString(azurite.ConnectionString).Blobs;
        var container = $"t{first.RunId}-data-protection";
        var keys = await blobs.List(container, "keys/", CancellationToken.None);
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var xml = Encoding.UTF8.GetString((await blobs.Get(container, key, CancellationToken.None))!.Content.Span);
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_certificate_file_that_cannot_be_read_stops_the_app_naming_the_setting()
    {
        var settings = TestApp.DevelopmentSettings(azurite.ConnectionString, TestApp.NewRunId());
        settings["DataProtection__CertificateFile"] = Path.Combine(NewHome(), "missing.p12");

        var failure = await TestApp.StartUpFailure(settings);

        Output.WriteLine(failure ?? "");
        Assert.True(failure is not null, "The app started with a certificate file that is not there.");
        Assert.Contains("DataProtection:CertificateFile", failure, StringComparison.Ordinal);
    }

    private static string NewHome() => Directory.CreateTempSubdirectory("hatecase-home-").FullName;

    private static async Task<(string Token, string Cookie)> ReportForm(TestApp app)
    {
        using var response = await app.Http.GetAsync("/report");
        await Expect.Status(HttpStatusCode.OK, response);
        var token = AntiforgeryField().Match(await response.Content.ReadAsStringAsync()).Groups["token"].Value;
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hatecase-antiforgery=", StringComparison.Ordinal));
        Assert.NotEmpty(token);
        return (token, cookie.Split(';')[0]);
    }

    private static async Task<HttpResponseMessage> PostEmptyReport(TestApp app, string token, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/report")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        };
        request.Headers.Add("Cookie", cookie);
        return await app.Http.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
