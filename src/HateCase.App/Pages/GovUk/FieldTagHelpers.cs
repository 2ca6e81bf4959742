using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace HateCase.App.Pages.GovUk;

// GOV.UK Frontend's form components, drawn from the input model: the question is the
// property's [Display(Name)], the hint its [Display(Description)], and the error the first one
// ModelState holds for it. Every piece of text goes through TagBuilder, which encodes it.
public abstract class GovUkFieldTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = default!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    // "s", "m" or "l": the size of the label or legend.
    [HtmlAttributeName("size")]
    public string Size { get; set; } = "s";

    protected string Name => ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);

    protected string Id => FieldIds.Of(For.Metadata);

    protected string Question => For.Metadata.DisplayName ?? For.Metadata.PropertyName ?? For.Name;

    protected string? Hint => For.Metadata.Description;

    protected string? Error =>
        ViewContext.ViewData.ModelState.TryGetValue(Name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    // The tag helper's own element becomes the form group.
    protected void FormGroup(TagHelperOutput output, string? extraClass = null)
    {
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        var classes = string.Join(' ', new[] { "govuk-form-group", extraClass, Error is null ? null : "govuk-form-group--error" }.OfType<string>());
        output.Attributes.SetAttribute("class", classes);
    }

    protected TagBuilder Label(string forId)
    {
        var label = new TagBuilder("label");
        label.AddCssClass("govuk-label");
        label.AddCssClass($"govuk-label--{Size}");
        label.Attributes["for"] = forId;
        label.InnerHtml.Append(Question);
        return label;
    }

    protected TagBuilder? HintElement()
    {
        if (string.IsNullOrEmpty(Hint))
        {
            return null;
        }
        var hint = new TagBuilder("div");
        hint.AddCssClass("govuk-hint");
        hint.Attributes["id"] = Id + "-hint";
        hint.InnerHtml.Append(Hint);
        return hint;
    }

    protected TagBuilder? ErrorElement()
    {
        if (Error is not { } error)
        {
            return null;
        }
        var message = new TagBuilder("p");
        message.AddCssClass("govuk-error-message");
        message.Attributes["id"] = Id + "-error";
        var prefix = new TagBuilder("span");
        prefix.AddCssClass("govuk-visually-hidden");
        prefix.InnerHtml.Append("Error:");
        message.InnerHtml.AppendHtml(prefix);
        message.InnerHtml.Append(" " + error);
        return message;
    }

    protected string? DescribedBy(params string?[] extra)
    {
        var ids = new List<string>();
        if (!string.IsNullOrEmpty(Hint))
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

    protected static void Add(TagHelperOutput output, params TagBuilder?[] parts)
    {
        foreach (var part in parts)
        {
            if (part is not null)
            {
                output.Content.AppendHtml(part);
            }
        }
    }

    protected static void SetIfPresent(TagBuilder tag, string attribute, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            tag.Attributes[attribute] = value;
        }
    }
}

// Ids follow GOV.UK's habit of short, readable ids: the property name in camel case. The error
// summary links to the first input of a field.
public static class FieldIds
{
    public static string Of(ModelMetadata metadata)
    {
        var name = metadata.PropertyName ?? "field";
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static string FirstInputOf(ModelMetadata metadata) =>
        metadata.ModelType == typeof(DateParts) ? Of(metadata) + "-day" : Of(metadata);
}

// <govuk-input for="Form.Email" type="email" autocomplete="email" width="govuk-input--width-20" />
[HtmlTargetElement("govuk-input", Attributes = "for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkInputTagHelper : GovUkFieldTagHelper
{
    public string Type { get; set; } = "text";

    public string? Autocomplete { get; set; }

    public string? Width { get; set; }

    public string? Inputmode { get; set; }

    public bool Spellcheck { get; set; } = true;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        FormGroup(output);
        var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        input.AddCssClass("govuk-input");
        if (Width is not null)
        {
            input.AddCssClass(Width);
        }
        if (Error is not null)
        {
            input.AddCssClass("govuk-input--error");
        }
        input.Attributes["id"] = Id;
        input.Attributes["name"] = Name;
        input.Attributes["type"] = Type;
        input.Attributes["value"] = For.Model?.ToString() ?? "";
        SetIfPresent(input, "autocomplete", Autocomplete);
        SetIfPresent(input, "inputmode", Inputmode);
        SetIfPresent(input, "aria-describedby", DescribedBy());
        if (!Spellcheck)
        {
            input.Attributes["spellcheck"] = "false";
        }
        Add(output, Label(Id), HintElement(), ErrorElement(), input);
    }
}

// <govuk-textarea for="Form.Description" max-length="8000" rows="8" />: with a limit it is
// GOV.UK's character count, whose message says the limit when scripts do not run.
[HtmlTargetElement("govuk-textarea", Attributes = "for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkTextareaTagHelper : GovUkFieldTagHelper
{
    public int Rows { get; set; } = 5;

    public int? MaxLength { get; set; }

    public string? Autocomplete { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        FormGroup(output, MaxLength is null ? null : "govuk-character-count");
        if (MaxLength is { } max)
        {
            output.Attributes.SetAttribute("data-module", "govuk-character-count");
            output.Attributes.SetAttribute("data-maxlength", max.ToString(CultureInfo.InvariantCulture));
        }
        var textarea = new TagBuilder("textarea");
        textarea.AddCssClass("govuk-textarea");
        if (MaxLength is not null)
        {
            textarea.AddCssClass("govuk-js-character-count");
        }
        if (Error is not null)
        {
            textarea.AddCssClass("govuk-textarea--error");
        }
        textarea.Attributes["id"] = Id;
        textarea.Attributes["name"] = Name;
        textarea.Attributes["rows"] = Rows.ToString(CultureInfo.InvariantCulture);
        SetIfPresent(textarea, "autocomplete", Autocomplete);
        SetIfPresent(textarea, "aria-describedby", DescribedBy(MaxLength is null ? null : Id + "-info"));
        // A textarea drops one leading line break, so one is written to keep the person's own.
        textarea.InnerHtml.AppendHtml("\n");
        textarea.InnerHtml.Append(For.Model?.ToString() ?? "");

        TagBuilder? count = null;
        if (MaxLength is { } limit)
        {
            count = new TagBuilder("div");
            count.AddCssClass("govuk-hint");
            count.AddCssClass("govuk-character-count__message");
            count.Attributes["id"] = Id + "-info";
            count.InnerHtml.Append(string.Create(CultureInfo.GetCultureInfo("en-GB"), $"You can enter up to {limit:N0} characters"));
        }
        Add(output, Label(Id), HintElement(), ErrorElement(), textarea, count);
    }
}

// A choice in a list of radios or checkboxes.
public sealed record Choice(string Value, string Text, string? Hint = null);

// The fieldset and legend every group of radios, checkboxes or date parts sits in.
public abstract class GovUkFieldsetTagHelper : GovUkFieldTagHelper
{
    protected TagBuilder Fieldset(params TagBuilder?[] parts)
    {
        var fieldset = new TagBuilder("fieldset");
        fieldset.AddCssClass("govuk-fieldset");
        SetIfPresent(fieldset, "aria-describedby", DescribedBy());
        var legend = new TagBuilder("legend");
        legend.AddCssClass("govuk-fieldset__legend");
        legend.AddCssClass($"govuk-fieldset__legend--{Size}");
        legend.InnerHtml.Append(Question);
        fieldset.InnerHtml.AppendHtml(legend);
        foreach (var part in parts)
        {
            if (part is not null)
            {
                fieldset.InnerHtml.AppendHtml(part);
            }
        }
        return fieldset;
    }

    // GOV.UK gives the first item the field's own id, so the error summary can link to it.
    protected string ItemId(int index) => index == 0 ? Id : $"{Id}-{index + 1}";

    protected TagBuilder Item(string kind, int index, Choice choice, bool isChecked)
    {
        var item = new TagBuilder("div");
        item.AddCssClass($"govuk-{kind}__item");
        var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        input.AddCssClass($"govuk-{kind}__input");
        input.Attributes["id"] = ItemId(index);
        input.Attributes["name"] = Name;
        input.Attributes["type"] = kind == "radios" ? "radio" : "checkbox";
        input.Attributes["value"] = choice.Value;
        if (isChecked)
        {
            input.Attributes["checked"] = "checked";
        }
        if (choice.Hint is not null)
        {
            input.Attributes["aria-describedby"] = ItemId(index) + "-item-hint";
        }
        var label = new TagBuilder("label");
        label.AddCssClass("govuk-label");
        label.AddCssClass($"govuk-{kind}__label");
        label.Attributes["for"] = ItemId(index);
        label.InnerHtml.Append(choice.Text);
        item.InnerHtml.AppendHtml(input);
        item.InnerHtml.AppendHtml(label);
        if (choice.Hint is not null)
        {
            var hint = new TagBuilder("div");
            hint.AddCssClass("govuk-hint");
            hint.AddCssClass($"govuk-{kind}__hint");
            hint.Attributes["id"] = ItemId(index) + "-item-hint";
            hint.InnerHtml.Append(choice.Hint);
            item.InnerHtml.AppendHtml(hint);
        }
        return item;
    }
}

// <govuk-radios for="Form.Injuries" items="Choices.YesNo" inline="true" />
[HtmlTargetElement("govuk-radios", Attributes = "for,items", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkRadiosTagHelper : GovUkFieldsetTagHelper
{
    public IEnumerable<Choice> Items { get; set; } = [];

    public bool Inline { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        FormGroup(output);
        var radios = new TagBuilder("div");
        radios.AddCssClass("govuk-radios");
        if (Inline)
        {
            radios.AddCssClass("govuk-radios--inline");
        }
        radios.Attributes["data-module"] = "govuk-radios";
        var selected = For.Model?.ToString();
        foreach (var (choice, index) in Items.Select((c, i) => (c, i)))
        {
            radios.InnerHtml.AppendHtml(Item("radios", index, choice, choice.Value == selected));
        }
        Add(output, Fieldset(HintElement(), ErrorElement(), radios));
    }
}

// <govuk-checkboxes for="Form.HateStrands" items="Model.Strands" />: the model is a list of values.
[HtmlTargetElement("govuk-checkboxes", Attributes = "for,items", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkCheckboxesTagHelper : GovUkFieldsetTagHelper
{
    public IEnumerable<Choice> Items { get; set; } = [];

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        FormGroup(output);
        var boxes = new TagBuilder("div");
        boxes.AddCssClass("govuk-checkboxes");
        boxes.Attributes["data-module"] = "govuk-checkboxes";
        var selected = (For.Model as IEnumerable<string> ?? []).ToHashSet(StringComparer.Ordinal);
        foreach (var (choice, index) in Items.Select((c, i) => (c, i)))
        {
            boxes.InnerHtml.AppendHtml(Item("checkboxes", index, choice, selected.Contains(choice.Value)));
        }
        Add(output, Fieldset(HintElement(), ErrorElement(), boxes));
    }
}

// A date typed as three numbers, as GOV.UK asks for memorable or past dates. Kept as text so a
// mistyped part is shown back as the person typed it.
public sealed class DateParts
{
    public string? Day { get; set; }

    public string? Month { get; set; }

    public string? Year { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Day) && string.IsNullOrWhiteSpace(Month) && string.IsNullOrWhiteSpace(Year);
}

// <govuk-date-input for="Form.OccurredOn" />
[HtmlTargetElement("govuk-date-input", Attributes = "for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkDateInputTagHelper : GovUkFieldsetTagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        FormGroup(output);
        var date = For.Model as DateParts ?? new DateParts();
        var inputs = new TagBuilder("div");
        inputs.AddCssClass("govuk-date-input");
        inputs.Attributes["id"] = Id;
        foreach (var (part, text, value, width) in new[]
        {
            ("day", "Day", date.Day, 2), ("month", "Month", date.Month, 2), ("year", "Year", date.Year, 4),
        })
        {
            var item = new TagBuilder("div");
            item.AddCssClass("govuk-date-input__item");
            var group = new TagBuilder("div");
            group.AddCssClass("govuk-form-group");
            var label = new TagBuilder("label");
            label.AddCssClass("govuk-label");
            label.AddCssClass("govuk-date-input__label");
            label.Attributes["for"] = $"{Id}-{part}";
            label.InnerHtml.Append(text);
            var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
            input.AddCssClass("govuk-input");
            input.AddCssClass("govuk-date-input__input");
            input.AddCssClass($"govuk-input--width-{width}");
            if (Error is not null)
            {
                input.AddCssClass("govuk-input--error");
            }
            input.Attributes["id"] = $"{Id}-{part}";
            input.Attributes["name"] = $"{Name}.{text}";
            input.Attributes["type"] = "text";
            input.Attributes["inputmode"] = "numeric";
            input.Attributes["value"] = value ?? "";
            group.InnerHtml.AppendHtml(label);
            group.InnerHtml.AppendHtml(input);
            item.InnerHtml.AppendHtml(group);
            inputs.InnerHtml.AppendHtml(item);
        }
        var fieldset = Fieldset(HintElement(), ErrorElement(), inputs);
        fieldset.Attributes["role"] = "group";
        Add(output, fieldset);
    }
}

// <govuk-error-summary for="Form" />: every error on the input model, in the order the
// questions are asked, each linking to its field; errors not about one field come last.
[HtmlTargetElement("govuk-error-summary", Attributes = "for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkErrorSummaryTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = default!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var modelState = ViewContext.ViewData.ModelState;
        var prefix = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        var entries = new List<(string? Href, string Message)>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in For.Metadata.Properties)
        {
            var key = $"{prefix}.{property.PropertyName}";
            listed.Add(key);
            if (modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                entries.Add(("#" + FieldIds.FirstInputOf(property), entry.Errors[0].ErrorMessage));
            }
        }
        foreach (var (key, entry) in modelState)
        {
            if (!listed.Contains(key))
            {
                entries.AddRange(entry.Errors.Select(e => ((string?)null, e.ErrorMessage)));
            }
        }
        if (entries.Count == 0)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "govuk-error-summary");
        output.Attributes.SetAttribute("data-module", "govuk-error-summary");
        var alert = new TagBuilder("div");
        alert.Attributes["role"] = "alert";
        var title = new TagBuilder("h2");
        title.AddCssClass("govuk-error-summary__title");
        title.InnerHtml.Append("There is a problem");
        var body = new TagBuilder("div");
        body.AddCssClass("govuk-error-summary__body");
        var list = new TagBuilder("ul");
        list.AddCssClass("govuk-list");
        list.AddCssClass("govuk-error-summary__list");
        foreach (var (href, message) in entries.Distinct())
        {
            var item = new TagBuilder("li");
            if (href is null)
            {
                item.InnerHtml.Append(message);
            }
            else
            {
                var link = new TagBuilder("a");
                link.Attributes["href"] = href;
                link.InnerHtml.Append(message);
                item.InnerHtml.AppendHtml(link);
            }
            list.InnerHtml.AppendHtml(item);
        }
        body.InnerHtml.AppendHtml(list);
        alert.InnerHtml.AppendHtml(title);
        alert.InnerHtml.AppendHtml(body);
        output.Content.SetHtmlContent(alert);
    }
}
