using System.Text.RegularExpressions;
using HateCase.App.Cases;
using HateCase.App.Pages.GovUk;
using HateCase.App.Privacy;
using HateCase.App.Security;
using HateCase.Domain.Risk;
using HateCase.Storage;
using HateCase.Workflow;
using Microsoft.AspNetCore.WebUtilities;

namespace HateCase.App.Pages.Staff;

// Every case, filtered by officer, stage, risk, hate strand and missed deadlines, a page at a
// time; or straight to one case by its reference. The filters are a GET form, so a filtered list
// is a link that works without JavaScript. Each page reads at most RowsPerPage cases from the
// list that narrows it most and checks the other filters on those, so a page may show fewer cases
// than that, or none, while the next page still has more.
public sealed partial class AllCasesPage
{
    public const int DefaultRowsPerPage = 50;

    // StaffPages:RowsPerPage, 1 to 200 (the tests page through a short list with a small one).
    public static int RowsPerPage(IConfiguration configuration) =>
        Math.Clamp(configuration.GetValue("StaffPages:RowsPerPage", DefaultRowsPerPage), 1, CaseReadModel.MaxPageSize);

    public static async Task<IResult> Show(
        HttpContext http, CaseService runtime, CaseReadModel cases, CasePolicy policy, NeedToKnowGate needToKnow, int rowsPerPage)
    {
        var (filters, errors) = CaseFilters.Read(http.Request.Query, policy);
        if (errors.IsEmpty && filters.Reference is { } reference)
        {
            // RBC 15, MK 15.3: references run in order, so a case the person may not see is answered
            // as no case at all (the refusal is recorded), never with a page that says it exists.
            if (await runtime.FindByReference(reference, http.RequestAborted) is { } caseId
                && await needToKnow.Admits(http, caseId, AccessKinds.CasePage))
            {
                return Results.Redirect(StaffRoutes.Case(caseId));
            }
            errors.Add("reference", $"No case you may see has the reference {reference}");
        }
        CaseSearchPage? page = null;
        try
        {
            page = await cases.Search(filters.Query, rowsPerPage, filters.From, http.RequestAborted);
        }
        catch (ArgumentException)
        {
            errors.Add("from", "That page of the list is out of date: start again from the first page");
        }
        return ComponentPage.Render<AllCasesPage>(new()
        {
            [nameof(Filters)] = filters,
            [nameof(Errors)] = errors,
            // RBC 15, MK 15.3: only the cases the person may see.
            [nameof(Rows)] = page?.Cases.Where(c => HateCase.App.Privacy.NeedToKnowGate.MaySee(http, c.AccessFacts)).Select(c => CaseListRow.Of(c, policy)).ToList() ?? [],
            [nameof(RowsRead)] = page?.RowsRead ?? 0,
            [nameof(NextPage)] = page?.ContinuationToken is { } next ? filters.Link(from: next) : null,
            [nameof(FirstPage)] = filters.From is null ? null : filters.Link(from: null),
            [nameof(StrandChoices)] = policy.Profile.HateStrands.Select(s => new Choice(s.Code, s.Name)).ToList(),
            [nameof(Me)] = http.User.UserId(),
            [nameof(RowsLookedAt)] = rowsPerPage,
        }, errors.IsEmpty ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}

// The list's filters as the GET form sends them: officer, stage, risk, strand, overdue=yes, and
// from (the continuation of the list) or reference (to go straight to a case).
public sealed partial record CaseFilters(string? Officer, string? Stage, string? Risk, string? Strand, bool Overdue, string? From, string? Reference)
{
    public const int MaxContinuationLength = 2000;

    public CaseQuery Query => new(Officer, Stage, Risk is null ? null : Enum.Parse<RiskLevel>(Risk, ignoreCase: true), Strand, Overdue);

    public bool Any => Officer is not null || Stage is not null || Risk is not null || Strand is not null || Overdue;

    public static (CaseFilters Filters, FormErrors Errors) Read(IQueryCollection query, CasePolicy policy)
    {
        var errors = new FormErrors();
        string? Text(string name) => query[name] is [{ } value] && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;
        string? Checked(string name, Func<string, bool> valid, string message)
        {
            if (Text(name) is not { } value)
            {
                return null;
            }
            if (valid(value))
            {
                return value;
            }
            errors.Add(name, message);
            return null;
        }
        var officer = Checked("officer", DevelopmentSignIn.IsValidId, "Enter the officer’s staff id, like alex.smith");
        var stage = Checked("stage", s => StaffWords.Stages.Any(known => known.Code == s), "Select a stage from the list");
        var risk = Checked("risk", r => r is "high" or "medium" or "low", "Select a risk level from the list");
        var strand = Checked("strand", s => policy.Profile.FindHateStrand(s) is not null, "Select a hate strand from the list");
        var overdue = Text("overdue") == "yes";
        var from = Checked("from", f => f.Length <= MaxContinuationLength, "That page of the list is out of date: start again from the first page");
        var reference = Checked("reference", r => ReferencePattern().IsMatch(r), "Enter a case reference like HC-2026-000123");
        return (new CaseFilters(officer, stage, risk, strand, overdue, from, reference?.ToUpperInvariant()), errors);
    }

    // This list with the same filters, from a point in it (null: its first page).
    public string Link(string? from)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["officer"] = Officer,
            ["stage"] = Stage,
            ["risk"] = Risk,
            ["strand"] = Strand,
            ["overdue"] = Overdue ? "yes" : null,
            ["from"] = from,
        };
        return QueryHelpers.AddQueryString(StaffRoutes.AllCases, parameters.Where(p => p.Value is not null));
    }

    [GeneratedRegex(@"^[Hh][Cc]-\d{4}-\d{6}$")]
    private static partial Regex ReferencePattern();
}
