using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using HateCase.App.Pages;
using HateCase.App.Pages.GovUk;
using HateCase.Mail.Rendering;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace HateCase.App.Tests;

// The pages' components rendered in the test process, as a person's browser would read them.
public sealed class PageTests
{
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddLogging()
        .AddSingleton(new LandlordDetails("Example Homes", "01632 960 000", "asb@example.org", "https://example.org", "1 Civic Square"))
        .AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider())
        .BuildServiceProvider();

    private static readonly IReadOnlyList<Choice> Strands = [new("race", "Race"), new("religion", "Religion")];

    [Fact]
    public async Task What_was_typed_comes_back_as_typed_and_never_as_markup()
    {
        var form = new ReportForm
        {
            Description = "\nThey wrote <script>alert('hi')</script> on my door & laughed",
            Name = "\"><img src=x onerror=alert(1)>",
            OccurredOn = new DateParts { Day = "31", Month = "2", Year = "<b>2026</b>" },
        };

        var page = await ReportPage(form, new FormErrors());

        Assert.Empty(page.QuerySelectorAll("main script, main img, main b"));
        Assert.Equal(form.Description, ((IHtmlTextAreaElement)page.QuerySelector("#description")!).Value);
        Assert.Equal(form.Name, ((IHtmlInputElement)page.QuerySelector("#name")!).Value);
        Assert.Equal("<b>2026</b>", ((IHtmlInputElement)page.QuerySelector("#occurredOn-year")!).Value);
        Assert.Equal("Form.OccurredOn.Year", page.QuerySelector("#occurredOn-year")!.GetAttribute("name"));
    }

    [Fact]
    public async Task Mistakes_are_listed_in_the_order_the_questions_are_asked_each_linking_to_its_question()
    {
        var errors = new FormErrors();
        errors.Add("Form.Email", "Enter an email address in the correct format, like name@example.com.");
        errors.Add("", "Sorry, we could not send your report just now.");
        errors.Add("Form.OccurredOn", "The date it happened must be a real date, like 27 3 2026");
        errors.Add("Form.Description", "Tell us what happened.");

        var page = await ReportPage(new ReportForm(), errors);

        Assert.StartsWith("Error: ", page.Title, StringComparison.Ordinal);
        var items = page.QuerySelectorAll("[role=alert] .govuk-error-summary__list li");
        Assert.Equal(["#description", "#occurredOn-day", "#email", null], items.Select(i => i.QuerySelector("a")?.GetAttribute("href")));
        Assert.Equal("Sorry, we could not send your report just now.", items[^1].TextContent.Trim());
        var email = page.QuerySelector("#email")!;
        Assert.Contains("govuk-input--error", email.ClassList);
        Assert.Equal("email-hint email-error", email.GetAttribute("aria-describedby"));
        Assert.Equal("Error: Enter an email address in the correct format, like name@example.com.", page.QuerySelector("#email-error")!.TextContent);
        Assert.Contains("govuk-form-group--error", page.QuerySelector("#description")!.ParentElement!.ClassList);
        Assert.Null(page.QuerySelector("#name-error"));
    }

    [Fact]
    public async Task The_answers_chosen_are_chosen_again_and_each_question_is_asked_in_its_own_words()
    {
        var form = new ReportForm { Injuries = "no", HateStrands = ["religion"] };

        var page = await ReportPage(form, new FormErrors());

        var hurt = page.QuerySelectorAll("input[name='Form.Injuries']").Cast<IHtmlInputElement>().ToList();
        Assert.Equal(["injuries", "injuries-2"], hurt.Select(r => r.Id));
        Assert.Equal([false, true], hurt.Select(r => r.IsChecked));
        var strands = page.QuerySelectorAll("input[name='Form.HateStrands']").Cast<IHtmlInputElement>().ToList();
        Assert.Equal(["race", "religion"], strands.Select(c => c.Value));
        Assert.Equal([false, true], strands.Select(c => c.IsChecked));
        var legend = page.QuerySelector("#hateStrands")!.Closest("fieldset")!.QuerySelector("legend")!;
        Assert.Equal("What do you think it was about? (optional)", legend.TextContent);
        Assert.Equal("Select all that apply.", page.QuerySelector("#hateStrands-hint")!.TextContent);
        Assert.Equal("the-token", page.QuerySelector("form input[name=__RequestVerificationToken]")!.GetAttribute("value"));
    }

    [Fact]
    public void A_blank_answer_is_no_answer_and_ticked_boxes_and_date_parts_are_read_by_name()
    {
        var posted = new FormCollection(new Dictionary<string, StringValues>
        {
            ["Form.Description"] = "Shouting",
            ["Form.Name"] = "   ",
            ["Form.HateStrands"] = new(["race", "", "religion"]),
            ["Form.OccurredOn.Day"] = "3",
            ["Form.OccurredOn.Year"] = "2026",
            ["Description"] = "not this one",
        });

        var form = PostedForm.Bind<ReportForm>(posted);

        Assert.Equal("Shouting", form.Description);
        Assert.Null(form.Name);
        Assert.Equal(["race", "religion"], form.HateStrands);
        Assert.Equal(("3", null, "2026"), (form.OccurredOn.Day, form.OccurredOn.Month, form.OccurredOn.Year));
    }

    [Fact]
    public void The_confirmation_is_read_once_and_an_altered_one_is_not_read()
    {
        var sent = new ReportSent("HC-2026-000042", DateTimeOffset.Parse("2026-03-27T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Urgent: true, IsHate: true, Emailed: true, Anonymous: false);
        var sending = Request();
        sent.SaveTo(sending);
        var cookie = sending.Response.Headers.SetCookie.Single()!.Split(';')[0];

        var reading = Request(cookie);
        Assert.Equal(sent, ReportSent.ReadOnce(reading));
        Assert.Contains(reading.Response.Headers.SetCookie, c => c!.StartsWith("hatecase-report-sent=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));

        Assert.Null(ReportSent.ReadOnce(Request(cookie[..^2] + (cookie[^2] == 'A' ? "B" : "A") + cookie[^1])));
        Assert.Null(ReportSent.ReadOnce(Request()));
    }

    private static DefaultHttpContext Request(string? cookie = null)
    {
        var http = new DefaultHttpContext { RequestServices = Services };
        if (cookie is not null)
        {
            http.Request.Headers.Cookie = cookie;
        }
        return http;
    }

    private static async Task<IHtmlDocument> ReportPage(ReportForm form, FormErrors errors)
    {
        var html = await ComponentPage.RenderToString(Services, typeof(HateCase.App.Pages.ReportPage), new()
        {
            [nameof(HateCase.App.Pages.ReportPage.Form)] = form,
            [nameof(HateCase.App.Pages.ReportPage.Errors)] = errors,
            [nameof(HateCase.App.Pages.ReportPage.HateStrands)] = Strands,
            [nameof(HateCase.App.Pages.ReportPage.AntiforgeryToken)] = "the-token",
        });
        return new HtmlParser().ParseDocument(html);
    }
}
