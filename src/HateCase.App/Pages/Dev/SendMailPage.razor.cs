using System.ComponentModel.DataAnnotations;
using HateCase.App.Inbound;
using HateCase.App.Pages.GovUk;

namespace HateCase.App.Pages.Dev;

// Development only: write an email to the development ASB@ mailbox. It goes the way real mail
// does (the inbound queue, triage, the case), through the same code as /api/dev/inbound-mail.
public sealed partial class SendMailPage
{
    public const string Route = "/dev/mail/send";

    public static IResult Show(HttpContext http, string? sent, IWebHostEnvironment environment)
    {
        if (Inbound(http, environment) is null)
        {
            return Results.NotFound();
        }
        return Render(http, new SendMailForm(), new FormErrors(), DevelopmentInbox.IsId(sent) ? sent : null);
    }

    public static async Task<IResult> Send(HttpContext http, IWebHostEnvironment environment)
    {
        if (Inbound(http, environment) is not { } inbound)
        {
            return Results.NotFound();
        }
        var (form, errors, refused) = await PostedForm.Read<SendMailForm>(http, DevelopmentInboundMail.MaxRequestBytes);
        if (refused is not null)
        {
            return refused;
        }
        var request = new DevelopmentMailRequest { From = form!.From, Subject = form.Subject, Text = form.Text };
        if (form.Attachment is { Length: > 0 } file)
        {
            using var content = new MemoryStream();
            await file.CopyToAsync(content, http.RequestAborted);
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
            errors.Add(key, messages[0]);
        }
        if (!errors.IsEmpty)
        {
            return Render(http, form, errors, sentId: null);
        }
        var delivered = await inbound.Deliver(request, http.RequestAborted);
        return Results.Redirect($"{Route}?sent={Uri.EscapeDataString(delivered.Id)}");
    }

    private static IResult Render(HttpContext http, SendMailForm form, FormErrors errors, string? sentId) =>
        ComponentPage.Render<SendMailPage>(new()
        {
            [nameof(Form)] = form,
            [nameof(Errors)] = errors,
            [nameof(SentId)] = sentId,
            [nameof(AntiforgeryToken)] = PostedForm.IssueToken(http),
        });

    private static DevelopmentInboundMail? Inbound(HttpContext http, IWebHostEnvironment environment) =>
        environment.IsDevelopment() ? http.RequestServices.GetService<DevelopmentInboundMail>() : null;
}

public sealed class SendMailForm
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
