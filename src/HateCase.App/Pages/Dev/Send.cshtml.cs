using System.ComponentModel.DataAnnotations;
using HateCase.App.Inbound;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HateCase.App.Pages.Dev;

// Development only: write an email to the development ASB@ mailbox. It goes the way real mail
// does (the inbound queue, triage, the case), through the same code as /api/dev/inbound-mail.
[RequestSizeLimit(DevelopmentInboundMail.MaxRequestBytes)]
public sealed class SendModel(IWebHostEnvironment environment) : PageModel
{
    public sealed class SendForm
    {
        [Display(Name = "From", Description = "The sender's address, like name@example.com")]
        public string? From { get; set; }

        [Display(Name = "Subject", Description = "To reply to a case, put its reference in the subject, like HC-2026-000123")]
        public string? Subject { get; set; }

        [Display(Name = "Message")]
        public string? Text { get; set; }

        [Display(Name = "Attachment (optional)")]
        public IFormFile? Attachment { get; set; }
    }

    [BindProperty]
    public SendForm Form { get; set; } = new();

    public string? SentId { get; private set; }

    public IActionResult OnGet(string? sent)
    {
        if (Inbound() is null)
        {
            return NotFound();
        }
        SentId = DevelopmentInbox.IsId(sent) ? sent : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Inbound() is not { } inbound)
        {
            return NotFound();
        }
        var request = new DevelopmentMailRequest { From = Form.From, Subject = Form.Subject, Text = Form.Text };
        if (Form.Attachment is { Length: > 0 } file)
        {
            using var content = new MemoryStream();
            await file.CopyToAsync(content, cancellationToken);
            request.Attachments = [new DevelopmentAttachmentRequest
            {
                Name = Path.GetFileName(file.FileName),
                ContentType = file.ContentType,
                ContentBase64 = Convert.ToBase64String(content.ToArray()),
            }];
        }
        foreach (var (field, messages) in DevelopmentInboundMail.Problems(request))
        {
            var key = field switch { "from" => "Form.From", "subject" => "Form.Subject", _ => "Form.Attachment" };
            ModelState.AddModelError(key, messages[0]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var delivered = await inbound.Deliver(request, cancellationToken);
        return RedirectToPage(new { sent = delivered.Id });
    }

    private DevelopmentInboundMail? Inbound() =>
        environment.IsDevelopment() ? HttpContext.RequestServices.GetService<DevelopmentInboundMail>() : null;
}
