using System.Globalization;
using HateCase.Domain.Cases;
using HateCase.Mail.Delivery;
using HateCase.Mail.Tests.Support;
using HateCase.Runtime.Cases;
using HateCase.Testing;

namespace HateCase.Mail.Tests.Delivery;

public sealed class AcsEmailSenderTests : IAsyncLifetime
{
    private const string From = "DoNotReply@mail.anytown-homes.example";
    private static readonly CancellationToken None = CancellationToken.None;

    private FakeAcsServer acs = null!;

    private static AcsMailOptions QuickPolls => new() { StatusPolls = 3, LongestPollWait = TimeSpan.FromMilliseconds(20) };

    public Task InitializeAsync()
    {
        acs = FakeAcsServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await acs.DisposeAsync();

    private AcsEmailSender SignedSender(TimeProvider? clock = null, byte[]? key = null, AcsMailOptions? settings = null) =>
        AcsEmailSender.WithAccessKey(new AcsConnectionString(acs.Endpoint, key ?? acs.AccessKey), From, TestMessages.Landlord, settings ?? QuickPolls, clock);

    [Fact]
    public async Task A_signed_send_is_accepted_and_reported_sent_once_the_service_says_it_succeeded()
    {
        var item = TestMessages.Item(MessageTemplate.Acknowledgement);

        var outcome = await SignedSender().Send(TestMessages.Mail(item), None);

        Assert.IsType<SendOutcome.Sent>(outcome);
        Assert.Empty(acs.Problems);
        var seen = Assert.Single(acs.Sends);
        Assert.Equal("Your report HC-2026-000123: what happens next", seen.Subject);
        Assert.Equal([TestMessages.ComplainantEmail], seen.To);
        Assert.Equal(MessageIdentity.OperationId(item.Key).ToString("D"), seen.OperationId);
        Assert.Equal(From, seen.Body.GetProperty("senderAddress").GetString());
        Assert.True(seen.Body.GetProperty("userEngagementTrackingDisabled").GetBoolean());
        Assert.Equal(TestMessages.Landlord.Email, seen.Body.GetProperty("replyTo")[0].GetProperty("address").GetString());
        Assert.Equal($"<{item.Key}@mail.anytown-homes.example>", seen.Body.GetProperty("headers").GetProperty("Message-ID").GetString());
        Assert.Contains("Victim Support", seen.PlainText);
        Assert.Contains("<!DOCTYPE html>", seen.Html);
        Assert.Equal(2, acs.StatusRequests); // Running, then Succeeded
    }

    [Fact]
    public void The_operation_id_is_the_outbox_keys_stable_uuid()
    {
        var first = MessageIdentity.OperationId("c-1.5.0");

        Assert.Equal(first, MessageIdentity.OperationId("c-1.5.0"));
        Assert.NotEqual(first, MessageIdentity.OperationId("c-1.5.1"));
        var text = first.ToString("D");
        Assert.Equal('8', text[14]); // RFC 9562 version 8
        Assert.Contains(text[19], "89ab"); // RFC 9562 variant
    }

    [Fact]
    public async Task A_throttled_send_waits_as_long_as_the_service_asks()
    {
        acs.Script.Enqueue(new AcsScript.TooManyRequests("17"));

        var outcome = await SignedSender().Send(TestMessages.Mail(MessageTemplate.SurveyInvitation), None);

        var later = Assert.IsType<SendOutcome.TryLater>(outcome);
        Assert.Equal(TimeSpan.FromSeconds(17), later.RetryAfter);
        Assert.Contains("429", later.Reason);
    }

    [Fact]
    public async Task A_service_outage_waits_until_the_http_date_the_service_gives()
    {
        var now = DateTimeOffset.UtcNow;
        acs.Script.Enqueue(new AcsScript.ServiceUnavailable(now.AddMinutes(2).ToString("r", CultureInfo.InvariantCulture)));

        var outcome = await SignedSender().Send(TestMessages.Mail(MessageTemplate.Update), None);

        var later = Assert.IsType<SendOutcome.TryLater>(outcome);
        Assert.InRange(later.RetryAfter!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(121));
    }

    [Fact]
    public async Task An_invalid_recipient_is_undeliverable_and_the_reason_does_not_quote_the_address()
    {
        acs.Script.Enqueue(new AcsScript.InvalidRecipient());

        var outcome = await SignedSender().Send(TestMessages.Mail(MessageTemplate.Acknowledgement), None);

        var undeliverable = Assert.IsType<SendOutcome.Undeliverable>(outcome);
        Assert.Contains("InvalidEmailAddress", undeliverable.Reason);
        Assert.DoesNotContain(TestMessages.ComplainantEmail, undeliverable.Reason);
    }

    [Fact]
    public async Task A_message_the_service_reports_failed_is_undeliverable_with_its_error()
    {
        acs.Script.Enqueue(new AcsScript.DeliveryFails());

        var outcome = await SignedSender().Send(TestMessages.Mail(MessageTemplate.CaseClosed), None);

        var undeliverable = Assert.IsType<SendOutcome.Undeliverable>(outcome);
        Assert.Contains("EmailDropped", undeliverable.Reason);
        Assert.Contains("Email was dropped after several attempts to deliver.", undeliverable.Reason);
    }

    [Fact]
    public async Task A_request_signed_with_the_wrong_key_is_refused_and_the_message_waits()
    {
        var outcome = await SignedSender(key: new byte[32]).Send(TestMessages.Mail(MessageTemplate.Acknowledgement), None);

        var later = Assert.IsType<SendOutcome.TryLater>(outcome);
        Assert.Contains("401", later.Reason);
        Assert.Contains("signature does not match", acs.Problems);
        Assert.Empty(acs.Sends);
    }

    [Fact]
    public async Task A_request_signed_with_a_stale_date_is_refused()
    {
        var slowClock = new HateCase.Testing.ManualClock(DateTimeOffset.UtcNow.AddMinutes(-30));

        var outcome = await SignedSender(clock: slowClock).Send(TestMessages.Mail(MessageTemplate.Acknowledgement), None);

        Assert.IsType<SendOutcome.TryLater>(outcome);
        Assert.Contains("x-ms-date is not fresh", acs.Problems);
    }

    [Fact]
    public async Task With_managed_identity_the_request_carries_a_bearer_token_for_the_communication_scope()
    {
        acs.BearerToken = "token-from-entra-id";
        var credential = new TestTokenCredential("token-from-entra-id");
        var sender = AcsEmailSender.WithTokenCredential(acs.Endpoint, credential, From, TestMessages.Landlord, QuickPolls);

        var outcome = await sender.Send(TestMessages.Mail(MessageTemplate.CaseAssigned), None);

        Assert.IsType<SendOutcome.Sent>(outcome);
        Assert.Empty(acs.Problems);
        Assert.All(acs.AuthorizationHeaders, header => Assert.Equal("Bearer token-from-entra-id", header));
        Assert.Equal("https://communication.azure.com//.default", Assert.Single(credential.ScopesAskedFor));
        Assert.Equal(["priya.shah@anytown-homes.example"], Assert.Single(acs.Sends).To);
    }

    [Fact]
    public async Task A_send_still_running_after_the_polling_bound_waits_and_its_retry_asks_about_it_instead_of_sending_again()
    {
        acs.RunningPolls = 4;
        var settings = new AcsMailOptions { StatusPolls = 2, LongestPollWait = TimeSpan.FromMilliseconds(10) };
        var item = TestMessages.Item(MessageTemplate.SurveyInvitation);

        var first = await SignedSender(settings: settings).Send(TestMessages.Mail(item), None);
        var second = await SignedSender(settings: settings).Send(TestMessages.Mail(item with { Attempts = 1 }), None);

        Assert.IsType<SendOutcome.TryLater>(first);
        Assert.IsType<SendOutcome.Sent>(second);
        Assert.Single(acs.Sends);
        Assert.Empty(acs.Problems);
    }

    [Fact]
    public async Task A_retry_of_a_message_the_service_never_saw_sends_it()
    {
        var outcome = await SignedSender().Send(TestMessages.Mail(MessageTemplate.Update, attempts: 3), None);

        Assert.IsType<SendOutcome.Sent>(outcome);
        Assert.Single(acs.Sends);
    }

    [Fact]
    public async Task When_the_service_cannot_be_reached_the_message_waits()
    {
        using var nothingThere = new RefusingLoopbackPort();
        var sender = AcsEmailSender.WithAccessKey(new AcsConnectionString(nothingThere.Endpoint, acs.AccessKey), From, TestMessages.Landlord, QuickPolls);

        var outcome = await sender.Send(TestMessages.Mail(MessageTemplate.Acknowledgement), None);

        Assert.IsType<SendOutcome.TryLater>(outcome);
    }

    [Fact]
    public async Task An_operation_location_on_another_host_is_not_followed_with_our_credentials()
    {
        acs.OperationLocationBase = new Uri("http://elsewhere.invalid/");

        var outcome = await SignedSender().Send(TestMessages.Mail(MessageTemplate.Acknowledgement), None);

        Assert.IsType<SendOutcome.Sent>(outcome);
        Assert.Equal(2, acs.StatusRequests);
    }

    [Fact]
    public async Task The_sender_built_from_settings_is_paced_and_sends_to_the_configured_resource()
    {
        var options = new MailOptions { Provider = "AzureCommunicationServices", From = From, Acs = { ConnectionString = acs.ConnectionString, LongestPollWait = TimeSpan.FromMilliseconds(20) } };
        Assert.Empty(options.Validate());
        var transport = MailSenderFactory.Create(options, TestMessages.Landlord, new HateCase.Runtime.InMemory.InMemoryBlobStore(), new HateCase.Testing.ManualClock(DateTimeOffset.UtcNow));

        var outcome = await new MailSender(TestMessages.Composer(), transport).Send(TestMessages.Item(MessageTemplate.CaseClosed), None);

        Assert.IsType<PacedSender>(transport);
        Assert.IsType<SendOutcome.Sent>(outcome);
        Assert.Empty(acs.Problems);
    }

    [Fact]
    public void Bearer_tokens_are_never_sent_over_plain_http_to_another_machine()
    {
        Assert.Throws<ArgumentException>(() =>
            AcsEmailSender.WithTokenCredential(new Uri("http://acs.example.com/"), new TestTokenCredential("t"), From, TestMessages.Landlord));
    }
}
