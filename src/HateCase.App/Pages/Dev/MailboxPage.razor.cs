using HateCase.Mail.Delivery;

namespace HateCase.App.Pages.Dev;

// Development only: the messages the development mailbox holds, newest first. Anywhere else
// (or with another mail provider) there is no such page.
public sealed partial class MailboxPage
{
    public const string Route = "/dev/mail";
    public const int Shown = 100;

    public static async Task<IResult> Show(HttpContext http, IWebHostEnvironment environment)
    {
        if (!environment.IsDevelopment() || http.RequestServices.GetService<DevelopmentMailbox>() is not { } mailbox)
        {
            return Results.NotFound();
        }
        var messages = await mailbox.List(Shown, http.RequestAborted);
        return ComponentPage.Render<MailboxPage>(new() { [nameof(Messages)] = messages });
    }
}
