using HateCase.App.Dev;
using HateCase.Mail.Delivery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HateCase.App.Pages.Dev.Mail;

// Development only: one message as it was sent. Its HTML part is shown in a sandboxed frame
// (no scripts, no same origin) and as escaped source, never written into this page.
// With another mail provider nothing is kept, and the link leads to the list, which says where
// the mail goes.
public sealed class MessageModel(IWebHostEnvironment environment, WhereMailGoes whereMailGoes) : PageModel
{
    public MailboxMessage Message { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
        {
            return NotFound();
        }
        if (whereMailGoes.DevelopmentMailbox is not { } mailbox)
        {
            return RedirectToPage("Index");
        }
        if (await mailbox.Get(id, cancellationToken) is not { } message)
        {
            return NotFound();
        }
        Message = message;
        // The message's own inline styles may style the sandboxed frame, which takes this page's
        // policy; scripts stay forbidden, and this page exists only in Development.
        Response.Headers.ContentSecurityPolicy = Response.Headers.ContentSecurityPolicy.ToString()
            .Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal);
        return Page();
    }
}
