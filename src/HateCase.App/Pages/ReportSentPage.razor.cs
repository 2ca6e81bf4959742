using HateCase.Workflow;

namespace HateCase.App.Pages;

// The confirmation after a report (the R of PRG). What it shows comes across the redirect in a
// cookie read once, so it shows only this browser's own report, and only straight after it.
public sealed partial class ReportSentPage
{
    public const string Route = "/report/sent";

    public static IResult Show(HttpContext http, CasePolicy policy) =>
        ComponentPage.Render<ReportSentPage>(new()
        {
            [nameof(Sent)] = ReportSent.ReadOnce(http),
            [nameof(VictimsCode)] = policy.Profile.VictimsCode,
            [nameof(RegularContact)] = policy.Profile.RegularContact,
        });
}
