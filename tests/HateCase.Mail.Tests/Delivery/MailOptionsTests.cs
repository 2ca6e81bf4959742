using HateCase.Mail.Delivery;
using HateCase.Mail.Rendering;
using HateCase.Mail.Tests.Support;
using HateCase.Runtime.InMemory;
using HateCase.Testing;

namespace HateCase.Mail.Tests.Delivery;

public sealed class MailOptionsTests
{
    private const string Key = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0wMTIzNDU2Nzg5";

    [Fact]
    public void The_defaults_use_the_development_mailbox_and_need_no_settings()
    {
        var options = new MailOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(MailProvider.DevelopmentMailbox, options.ProviderKind);
        Assert.Equal(30, options.PerMinute);
        Assert.Equal(100, options.PerHour);
    }

    [Fact]
    public void An_unknown_provider_is_named_with_the_choices()
    {
        var problem = Assert.Single(new MailOptions { Provider = "Pigeon" }.Validate());

        Assert.Equal("Mail:Provider must be one of DevelopmentMailbox, AzureCommunicationServices, Smtp", problem);
    }

    [Fact]
    public void Acs_with_managed_identity_needs_its_endpoint()
    {
        var options = new MailOptions { Provider = "AzureCommunicationServices", From = "DoNotReply@mail.example.org", Acs = { UseManagedIdentity = true } };

        var problem = Assert.Single(options.Validate());

        Assert.StartsWith("Mail:Acs:Endpoint is required when Mail:Provider is AzureCommunicationServices", problem);
    }

    [Fact]
    public void Acs_without_managed_identity_needs_a_connection_string_and_a_sender()
    {
        var problems = new MailOptions { Provider = "AzureCommunicationServices" }.Validate();

        Assert.Contains("Mail:From is required when Mail:Provider is AzureCommunicationServices", problems);
        Assert.Contains(problems, p => p.StartsWith("Mail:Acs:ConnectionString is required when Mail:Provider is AzureCommunicationServices", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broken_connection_string_is_reported_without_repeating_the_secret()
    {
        var options = new MailOptions
        {
            Provider = "AzureCommunicationServices",
            From = "DoNotReply@mail.example.org",
            Acs = { ConnectionString = "endpoint=ftp://nowhere;accesskey=" + Key },
        };

        var problem = Assert.Single(options.Validate());

        Assert.StartsWith("Mail:Acs:ConnectionString must look like", problem);
        Assert.DoesNotContain(Key, problem);
    }

    [Fact]
    public void An_acs_endpoint_must_use_https()
    {
        var options = new MailOptions
        {
            Provider = "AzureCommunicationServices",
            From = "DoNotReply@mail.example.org",
            Acs = { UseManagedIdentity = true, Endpoint = "http://my-acs.communication.azure.com" },
        };

        Assert.StartsWith("Mail:Acs:Endpoint must be an https address", Assert.Single(options.Validate()));
    }

    [Fact]
    public void Smtp_needs_a_host_and_refuses_to_send_a_password_in_the_clear()
    {
        var options = new MailOptions
        {
            Provider = "Smtp",
            From = "casework@example.org",
            Smtp = { Host = "smtp.example.org", UserName = "casework", Password = "pw", EnableStartTls = false },
        };

        Assert.Contains("Mail:Smtp:Host is required when Mail:Provider is Smtp", new MailOptions { Provider = "Smtp", From = "a@b.org" }.Validate());
        Assert.StartsWith("Mail:Smtp:EnableStartTls must be true", Assert.Single(options.Validate()));
    }

    [Fact]
    public void The_hourly_limit_cannot_be_below_the_minute_limit()
    {
        Assert.Contains("Mail:PerHour must be at least Mail:PerMinute", new MailOptions { PerMinute = 30, PerHour = 10 }.Validate());
    }

    [Fact]
    public void The_factory_builds_the_configured_transport_and_paces_acs()
    {
        var landlord = TestMessages.Landlord;
        var blobs = new InMemoryBlobStore();
        var clock = new ManualClock();
        var acs = new MailOptions
        {
            Provider = "AzureCommunicationServices",
            From = "DoNotReply@mail.example.org",
            Acs = { ConnectionString = $"endpoint=https://my-acs.communication.azure.com/;accesskey={Key}" },
        };
        var smtp = new MailOptions { Provider = "Smtp", From = "casework@example.org", Smtp = { Host = "smtp.example.org" } };

        Assert.IsType<DevelopmentMailbox>(MailSenderFactory.Create(new MailOptions(), landlord, blobs, clock));
        Assert.IsType<PacedSender>(MailSenderFactory.Create(acs, landlord, blobs, clock));
        Assert.IsType<SmtpEmailSender>(MailSenderFactory.Create(smtp, landlord, blobs, clock));
        Assert.Throws<InvalidOperationException>(() => MailSenderFactory.Create(new MailOptions { Provider = "Smtp" }, landlord, blobs, clock));
    }

    [Fact]
    public void Landlord_and_staff_settings_name_what_is_missing()
    {
        var landlord = new LandlordDetails("", "0300 123 4567", "not an address", "https://example.org", "1 High Street");
        var staff = new StaffDirectory(new Dictionary<string, string>(), new Dictionary<string, string> { [StaffRoles.CaseOfficers] = "team@example.org" });

        Assert.Equal(["Landlord:Name is required: it is printed on every message", "Landlord:Email must be an email address"], landlord.Validate());
        Assert.Equal(
            ["Staff:Teams:team-leader is required: it is the email address for the team-leader team", "Staff:Teams:post-room is required: it is the email address for the post-room team"],
            staff.Validate());
        Assert.Empty(TestMessages.Landlord.Validate());
        Assert.Empty(TestMessages.Staff.Validate());
    }
}
