using HateCase.Workflow;

namespace HateCase.App.Pages;

// MK 5.1-5.2: the landlord's Victims Code, the six rights every complainant is given.
public sealed partial class VictimsCodePage
{
    public const string Route = "/victims-code";

    public static IResult Show(CasePolicy policy) =>
        ComponentPage.Render<VictimsCodePage>(new() { [nameof(VictimsCode)] = policy.Profile.VictimsCode });
}
