using HateCase.App.Dev;
using HateCase.Mail.Delivery;

namespace HateCase.App.Pages.Dev;

// Development only: the messages the development mailbox holds, newest first; with another mail
// provider, where the mail goes instead. Outside Development there is no such page.
public sealed partial class MailboxPage
{
    public const string Route = "/dev/mail";
    public const int Shown = 100;

    public static async Task<IResult> Show(HttpContext http, IWebHostEnvironment environment, WhereMailGoes whereMailGoes)
    {
        if (!environment.IsDevelopment())
        {
            return Results.NotFound();
        }
        IReadOnlyList<MailboxMessage> messages = whereMailGoes.DevelopmentMailbox is { } mailbox
            ? await mailbox.List(Shown, http.RequestAborted)
            : [];
        return ComponentPage.Render<MailboxPage>(new()
        {
            [nameof(Messages)] = messages,
            [nameof(GoesOutThrough)] = whereMailGoes.GoesOutThrough,
        });
    }
}
