using HateCase.Domain.Profiles;
using HateCase.Runtime.Cases;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HateCase.App.Pages;

// The confirmation after a report (the R of PRG). What it shows comes across the redirect in
// TempData, read once, so it shows only this browser's own report, and only straight after it.
public sealed class ReportSentModel(CasePolicy policy) : PageModel
{
    public ReportSent? Sent { get; private set; }

    public VictimsCodeText VictimsCode => policy.Profile.VictimsCode;

    public RegularContactStandard? RegularContact => policy.Profile.RegularContact;

    public void OnGet() => Sent = ReportSent.ReadFrom(TempData);
}
