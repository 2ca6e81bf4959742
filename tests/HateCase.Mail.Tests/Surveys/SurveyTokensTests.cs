using System.Buffers.Text;
using System.Text;
using HateCase.Mail.Surveys;

namespace HateCase.Mail.Tests.Surveys;

public sealed class SurveyTokensTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ClosesAt = Now.AddDays(42);
    private readonly SurveyTokens tokens = new(Enumerable.Repeat((byte)0x5a, 32).ToArray());

    [Fact]
    public void A_token_opens_the_survey_for_its_case_and_closure_until_the_window_closes()
    {
        var token = tokens.Issue("c-123", 2, ClosesAt);

        Assert.Equal(new SurveyTokenCheck.Valid("c-123", 2, ClosesAt), tokens.Verify(token, Now));
        Assert.Equal(new SurveyTokenCheck.Valid("c-123", 2, ClosesAt), tokens.Verify(token, ClosesAt.AddTicks(-1)));
    }

    [Fact]
    public void A_token_is_refused_once_the_survey_window_has_closed()
    {
        var token = tokens.Issue("c-123", 1, ClosesAt);

        Assert.Equal(new SurveyTokenCheck.Invalid(SurveyTokenProblem.Expired), tokens.Verify(token, ClosesAt));
    }

    [Fact]
    public void A_token_changed_anywhere_is_refused_as_tampered()
    {
        var token = tokens.Issue("c-123", 1, ClosesAt);
        var dot = token.IndexOf('.');

        foreach (var position in new[] { 0, 3, dot + 1, dot + 5 })
        {
            var changed = token.ToCharArray();
            changed[position] = changed[position] == 'A' ? 'B' : 'A';
            var check = tokens.Verify(new string(changed), Now);
            Assert.True(check is SurveyTokenCheck.Invalid { Problem: SurveyTokenProblem.Tampered or SurveyTokenProblem.Malformed }, $"position {position}: {check}");
        }
    }

    [Fact]
    public void A_token_cannot_be_moved_to_another_case_or_closure_or_extended()
    {
        var token = tokens.Issue("c-123", 1, ClosesAt);
        var mac = token[(token.IndexOf('.') + 1)..];

        foreach (var payload in new[] { "c-124|1|" + ClosesAt.UtcTicks, "c-123|2|" + ClosesAt.UtcTicks, "c-123|1|" + ClosesAt.AddDays(30).UtcTicks })
        {
            var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + "." + mac;
            Assert.Equal(new SurveyTokenCheck.Invalid(SurveyTokenProblem.Tampered), tokens.Verify(forged, Now));
        }
        Assert.Equal(new SurveyTokenCheck.Valid("c-124", 1, ClosesAt), tokens.Verify(tokens.Issue("c-124", 1, ClosesAt), Now));
    }

    [Fact]
    public void A_token_made_with_another_key_is_refused()
    {
        var other = new SurveyTokens(Enumerable.Repeat((byte)0x5b, 32).ToArray());

        Assert.Equal(new SurveyTokenCheck.Invalid(SurveyTokenProblem.Tampered), tokens.Verify(other.Issue("c-123", 1, ClosesAt), Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot-here")]
    [InlineData(".")]
    [InlineData("abc.")]
    [InlineData(".abc")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    [InlineData("Zm9v.YmFy")]
    public void Malformed_tokens_are_refused(string? token)
    {
        var check = tokens.Verify(token, Now);

        Assert.True(check is SurveyTokenCheck.Invalid { Problem: SurveyTokenProblem.Malformed or SurveyTokenProblem.Tampered }, check.ToString());
    }

    [Fact]
    public void Garbage_with_a_valid_mac_is_still_refused_as_malformed()
    {
        var key = Enumerable.Repeat((byte)0x5a, 32).ToArray();
        var payload = Encoding.UTF8.GetBytes("no fields at all");
        var token = Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(key, payload));

        Assert.Equal(new SurveyTokenCheck.Invalid(SurveyTokenProblem.Malformed), tokens.Verify(token, Now));
    }

    [Fact]
    public void A_very_long_token_is_refused_without_being_read()
    {
        Assert.Equal(new SurveyTokenCheck.Invalid(SurveyTokenProblem.Malformed), tokens.Verify(new string('a', 5000) + ".b", Now));
    }

    [Fact]
    public void Tokens_are_unguessable_only_with_a_key_of_at_least_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => new SurveyTokens(new byte[31]));
        Assert.NotNull(SurveyTokens.ValidateKey(Convert.ToBase64String(new byte[16])));
        Assert.NotNull(SurveyTokens.ValidateKey("not base64!"));
        Assert.Contains("Surveys:TokenKey", SurveyTokens.ValidateKey(null));
        Assert.Null(SurveyTokens.ValidateKey(Convert.ToBase64String(new byte[32])));
    }

    [Fact]
    public void A_case_id_holding_the_separator_still_round_trips()
    {
        var token = tokens.Issue("odd|case", 3, ClosesAt);

        Assert.Equal(new SurveyTokenCheck.Valid("odd|case", 3, ClosesAt), tokens.Verify(token, Now));
    }

    [Fact]
    public void A_token_for_another_person_who_reported_the_case_names_them_and_a_complainants_token_names_no_one()
    {
        var theirs = tokens.Issue("odd|case", 3, ClosesAt, respondent: "r-2");

        Assert.Equal(new SurveyTokenCheck.Valid("odd|case", 3, ClosesAt, "r-2"), tokens.Verify(theirs, Now));
        Assert.Null(Assert.IsType<SurveyTokenCheck.Valid>(tokens.Verify(tokens.Issue("odd|case", 3, ClosesAt), Now)).Respondent);
    }

    [Fact]
    public void A_complainants_token_cannot_be_turned_into_someone_elses()
    {
        var token = tokens.Issue("c-123", 1, ClosesAt);
        var mac = token[(token.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"c-123|1|{ClosesAt.UtcTicks}|@r-2")) + "." + mac;

        Assert.Equal(new SurveyTokenCheck.Invalid(SurveyTokenProblem.Tampered), tokens.Verify(forged, Now));
    }
}
