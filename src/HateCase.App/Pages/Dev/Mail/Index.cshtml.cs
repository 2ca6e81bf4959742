using HateCase.App.Dev;
using HateCase.Mail.Delivery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HateCase.App.Pages.Dev.Mail;

// Development only: the messages the development mailbox holds, newest first; with another mail
// provider, where the mail goes instead. Outside Development there is no such page.
public sealed class IndexModel(IWebHostEnvironment environment, WhereMailGoes whereMailGoes) : PageModel
{
    public const int Shown = 100;

    public IReadOnlyList<MailboxMessage> Messages { get; private set; } = [];

    public string? GoesOutThrough => whereMailGoes.GoesOutThrough;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
        {
            return NotFound();
        }
        if (whereMailGoes.DevelopmentMailbox is { } mailbox)
        {
            Messages = await mailbox.List(Shown, cancellationToken);
        }
        return Page();
    }
}
