using HateCase.App.Dev;
using HateCase.Mail.Delivery;

namespace HateCase.App.Pages.Dev;

// Development only: one message as it was sent. Its HTML part is shown in a sandboxed frame
// (no scripts, no same origin) and as escaped source, never written into this page. With another
// mail provider nothing is kept, and the link leads to the list, which says where the mail goes.
public sealed partial class MailMessagePage
{
    public const string Route = "/dev/mail/{id}";

    public static async Task<IResult> Show(HttpContext http, string id, IWebHostEnvironment environment, WhereMailGoes whereMailGoes)
    {
        if (!environment.IsDevelopment())
        {
            return Results.NotFound();
        }
        if (whereMailGoes.DevelopmentMailbox is not { } mailbox)
        {
            return Results.Redirect(MailboxPage.Route);
        }
        if (await mailbox.Get(id, http.RequestAborted) is not { } message)
        {
            return Results.NotFound();
        }
        // The message's own inline styles may style the sandboxed frame, which takes this page's
        // policy; scripts stay forbidden, and this page exists only in Development.
        http.Response.Headers.ContentSecurityPolicy = http.Response.Headers.ContentSecurityPolicy.ToString()
            .Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal);
        return ComponentPage.Render<MailMessagePage>(new() { [nameof(Message)] = message });
    }
}
