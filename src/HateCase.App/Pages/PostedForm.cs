using System.ComponentModel.DataAnnotations;
using System.Reflection;
using HateCase.App.Errors;
using HateCase.App.Pages.GovUk;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;

namespace HateCase.App.Pages;

// A form sent to a page: no bigger than the page allows, carrying the antiforgery token the page
// was served with, bound to the page's input model and checked against its attributes.
public static class PostedForm
{
    // The default for pages: far more than any answer the forms allow.
    public const long MaxBytes = 1024 * 1024;

    public const string Prefix = "Form";

    // The hidden field every page form carries; the cookie half is set when it is issued.
    public static string IssueToken(HttpContext http) =>
        http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken!;

    // The form's answers and what is wrong with them, or the page that says why the form cannot be read.
    public static async Task<(TForm? Form, FormErrors Errors, IResult? Refused)> Read<TForm>(HttpContext http, long maxBytes = MaxBytes)
        where TForm : class, new()
    {
        var errors = new FormErrors();
        if (http.Request.ContentLength > maxBytes)
        {
            return (default, errors, TooLarge(maxBytes));
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        if (!http.Request.HasFormContentType || !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        {
            return (default, errors, HtmlMessage.Page("This form could not be sent",
                "The page had been open for too long, or the form did not come from this site. Go back to the page, reload it and send the form again.",
                StatusCodes.Status400BadRequest));
        }
        var posted = await http.Request.ReadFormAsync(http.RequestAborted);
        var form = Bind<TForm>(posted);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(form, new ValidationContext(form), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var member = result.MemberNames.FirstOrDefault();
            var key = member is null ? "" : $"{Prefix}.{member}";
            if (!errors.Has(key))
            {
                errors.Add(key, result.ErrorMessage ?? "");
            }
        }
        return (form, errors, null);
    }

    // Each writable property from the field posted as Form.{Property}: text, a list of ticked
    // values, a date's three parts, or a file. Anything else posted is ignored.
    public static TForm Bind<TForm>(IFormCollection posted) where TForm : class, new()
    {
        var form = new TForm();
        foreach (var property in typeof(TForm).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var name = $"{Prefix}.{property.Name}";
            object? value = property.PropertyType switch
            {
                var t when t == typeof(string) => Text(posted, name),
                var t when t == typeof(List<string>) => posted[name].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList(),
                var t when t == typeof(DateParts) => new DateParts { Day = Text(posted, $"{name}.Day"), Month = Text(posted, $"{name}.Month"), Year = Text(posted, $"{name}.Year") },
                var t when t == typeof(IFormFile) => posted.Files.GetFile(name),
                _ => throw new NotSupportedException($"{typeof(TForm).Name}.{property.Name}: a form property must be text, a list of text, a date or a file."),
            };
            if (value is not null)
            {
                property.SetValue(form, value);
            }
        }
        return form;
    }

    // The first value sent; a blank answer is no answer.
    private static string? Text(IFormCollection posted, string name) =>
        posted[name].FirstOrDefault() is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static IResult TooLarge(long maxBytes) => HtmlMessage.Page("This form is too large to send",
        $"A form sent to this page may be at most {maxBytes / 1024:N0} KB. Go back, shorten what you wrote or the attachment, and send it again.",
        StatusCodes.Status413PayloadTooLarge);
}
