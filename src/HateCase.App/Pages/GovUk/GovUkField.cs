using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace HateCase.App.Pages.GovUk;

// GOV.UK Frontend's form components, drawn from the input model: the question is the
// property's [Display(Name)], the hint its [Display(Description)], and the error the first one
// the form's errors hold for it. Razor encodes every piece of text they write.
public abstract class GovUkField<TValue> : ComponentBase
{
    // The property asked about, as () => Form.Email.
    [Parameter, EditorRequired]
    public Expression<Func<TValue>> For { get; set; } = default!;

    [CascadingParameter]
    public FormScope Scope { get; set; } = FormScope.Empty;

    // "s", "m" or "l": the size of the label or legend.
    [Parameter]
    public string Size { get; set; } = "s";

    private FieldIdentifier identifier;
    private PropertyInfo property = default!;

    protected override void OnParametersSet()
    {
        identifier = FieldIdentifier.Create(For);
        property = identifier.Model.GetType().GetProperty(identifier.FieldName)
            ?? throw new InvalidOperationException($"{identifier.Model.GetType().Name} has no property {identifier.FieldName}.");
    }

    protected TValue? Value => (TValue?)property.GetValue(identifier.Model);

    // The name the browser posts it under, as the form's binding reads it: Form.Email.
    protected string Name => Scope.NameOf(identifier.FieldName);

    protected string Id => FieldIds.Of(identifier.FieldName);

    protected string Question => property.GetCustomAttribute<DisplayAttribute>()?.GetName() ?? identifier.FieldName;

    protected string? Hint => property.GetCustomAttribute<DisplayAttribute>()?.GetDescription() is { Length: > 0 } hint ? hint : null;

    protected string? Error => Scope.Errors.FirstFor(Name);

    protected string FormGroupClass(string? extra = null) => Classes("govuk-form-group", extra, Error is null ? null : "govuk-form-group--error");

    protected string? DescribedBy(params string?[] extra)
    {
        var ids = new List<string>();
        if (Hint is not null)
        {
            ids.Add(Id + "-hint");
        }
        if (Error is not null)
        {
            ids.Add(Id + "-error");
        }
        ids.AddRange(extra.OfType<string>());
        return ids.Count == 0 ? null : string.Join(' ', ids);
    }

    protected static string Classes(params string?[] classes) => string.Join(' ', classes.Where(c => !string.IsNullOrEmpty(c)));
}

// The form the fields belong to: the prefix of their posted names and what is wrong with them.
public sealed record FormScope(string Prefix, FormErrors Errors)
{
    public static readonly FormScope Empty = new("", new FormErrors());

    public string NameOf(string property) => Prefix.Length == 0 ? property : $"{Prefix}.{property}";
}

// What is wrong with a form as sent, keyed by the posted field name ("Form.Email"), in the order
// found; "" holds what is not about one field.
public sealed class FormErrors
{
    private readonly List<(string Key, string Message)> errors = [];

    public bool IsEmpty => errors.Count == 0;

    public IEnumerable<(string Key, string Message)> All => errors;

    public void Add(string key, string message) => errors.Add((key, message));

    public bool Has(string key) => errors.Exists(e => e.Key == key);

    public string? FirstFor(string key) => errors.FirstOrDefault(e => e.Key == key).Message;
}

// Ids follow GOV.UK's habit of short, readable ids: the property name in camel case. The error
// summary links to the first input of a field.
public static class FieldIds
{
    public static string Of(string propertyName) => char.ToLowerInvariant(propertyName[0]) + propertyName[1..];

    public static string FirstInputOf(PropertyInfo property) =>
        property.PropertyType == typeof(DateParts) ? Of(property.Name) + "-day" : Of(property.Name);
}

// A choice in a list of radios or checkboxes.
public sealed record Choice(string Value, string Text, string? Hint = null);

// A date typed as three numbers, as GOV.UK asks for memorable or past dates. Kept as text so a
// mistyped part is shown back as the person typed it.
public sealed class DateParts
{
    public string? Day { get; set; }

    public string? Month { get; set; }

    public string? Year { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Day) && string.IsNullOrWhiteSpace(Month) && string.IsNullOrWhiteSpace(Year);

    // The date the three boxes make, or null when they do not make a real one.
    public DateOnly? Date =>
        int.TryParse(Day, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var day)
        && int.TryParse(Month, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var month)
        && int.TryParse(Year, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
        && year is >= 1900 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
}
