using HateCase.App.Tests.Support;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// LIVV 2.10: the closing review with the victim, recorded on the officer API with the support
// they were told about and what was learned.
[Collection(RunningAppCollection.Name)]
public sealed class ClosingReviewTests(RunningAppFixture fixture, ITestOutputHelper output) : AppTestBase(output)
{
    private TestApp App => Watch(fixture.App);

    [Fact]
    public async Task A_closing_review_is_recorded_with_its_signposting_and_learning()
    {
        var app = App;
        var receipt = await app.Report(Reports.Hate(Reports.NewEmail(), Reports.NewAddress()));
        await app.CaseWhen(receipt.CaseId, _ => true, "recorded");

        Assert.Contains("closing-review-held.v1", await app.Command(receipt.CaseId, "closing-reviews", new
        {
            victimTookPart = true,
            signpostedTo = new[] { "victim-support", "stop-hate-uk" },
            ongoingNeeds = "Counselling through their GP.",
            learning = "A joint visit with the police early on would have helped.",
        }));

        var review = (await app.Case(receipt.CaseId)).Event("closing-review-held.v1");
        Assert.True(review.GetProperty("victimTookPart").GetBoolean());
        Assert.Equal(["victim-support", "stop-hate-uk"], review.GetProperty("signpostedTo").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task A_closing_review_without_what_was_learned_or_with_an_unknown_service_is_refused_naming_the_field()
    {
        var app = App;
        var receipt = await app.Report(Reports.Hate(Reports.NewEmail(), Reports.NewAddress()));
        await app.CaseWhen(receipt.CaseId, _ => true, "recorded");

        using var noLearning = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/closing-reviews", new { victimTookPart = false });
        await Expect.ValidationProblem(noLearning, "learning");

        using var noAnswer = await app.Send(HttpMethod.Post, $"/api/cases/{receipt.CaseId}/closing-reviews", new { learning = "Something." });
        await Expect.ValidationProblem(noAnswer, "victimTookPart");
    }
}
