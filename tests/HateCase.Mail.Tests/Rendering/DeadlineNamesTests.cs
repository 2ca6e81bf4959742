using HateCase.Domain.Cases;
using HateCase.Mail.Rendering;

namespace HateCase.Mail.Tests.Rendering;

// Emails, the digest, My work and the case page name a promise the same way, so an officer
// told "regular contact" in the digest finds "Regular contact" on the case page.
public sealed class DeadlineNamesTests
{
    [Fact]
    public void Every_promise_has_a_name_of_its_own()
    {
        var kinds = Enum.GetValues<DeadlineKind>();
        var names = kinds.Select(DeadlineNames.Of).ToList();

        Assert.DoesNotContain("case deadline", names);
        Assert.Equal(kinds.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [InlineData(DeadlineKind.RegularContact, "regular contact", "Regular contact")]
    [InlineData(DeadlineKind.FollowUpContact, "follow-up contact after closure", "Follow-up contact after closure")]
    public void A_promise_is_named_in_a_sentence_and_as_a_heading(DeadlineKind kind, string inSentence, string heading)
    {
        Assert.Equal(inSentence, DeadlineNames.Of(kind));
        Assert.Equal(heading, DeadlineNames.Heading(kind));
    }

    [Fact]
    public void A_kind_a_stored_message_names_that_this_version_does_not_know_is_a_case_deadline()
    {
        Assert.Equal("case deadline", DeadlineNames.Of("SomethingNew"));
        Assert.Equal("enquiry decision", DeadlineNames.Of(nameof(DeadlineKind.EnquiryDecision)));
    }
}
