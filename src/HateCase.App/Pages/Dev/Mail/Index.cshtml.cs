using HateCase.Mail.Delivery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HateCase.App.Pages.Dev.Mail;

// Development only: the messages the development mailbox holds, newest first. Anywhere else
// (or with another mail provider) there is no such page.
public sealed class IndexModel(IWebHostEnvironment environment) : PageModel
{
    public const int Shown = 100;

    public IReadOnlyList<MailboxMessage> Messages { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || HttpContext.RequestServices.GetService<DevelopmentMailbox>() is not { } mailbox)
        {
            return NotFound();
        }
        Messages = await mailbox.List(Shown, cancellationToken);
        return Page();
    }
}
