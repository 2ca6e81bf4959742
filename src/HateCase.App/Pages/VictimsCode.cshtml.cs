using HateCase.Domain.Profiles;
using HateCase.Runtime.Cases;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HateCase.App.Pages;

// MK 5.1-5.2: the landlord's Victims Code, the six rights every complainant is given.
public sealed class VictimsCodeModel(CasePolicy policy) : PageModel
{
    public VictimsCodeText VictimsCode => policy.Profile.VictimsCode;
}
