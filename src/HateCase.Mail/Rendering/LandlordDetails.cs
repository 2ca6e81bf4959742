namespace HateCase.Mail.Rendering;

// Who the messages come from, as the complainant should see it: bound from the "Landlord" section.
public sealed record LandlordDetails(string Name, string Phone, string Email, string Website, string Address)
{
    public const string Section = "Landlord";

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Require(Name, nameof(Name));
        Require(Phone, nameof(Phone));
        Require(Email, nameof(Email));
        Require(Website, nameof(Website));
        Require(Address, nameof(Address));
        if (!string.IsNullOrWhiteSpace(Email) && !System.Net.Mail.MailAddress.TryCreate(Email, out _))
        {
            problems.Add($"{Section}:{nameof(Email)} must be an email address");
        }
        if (!string.IsNullOrWhiteSpace(Website) && !IsWebAddress(Website))
        {
            problems.Add($"{Section}:{nameof(Website)} must be a web address starting with https:// or http://");
        }
        return problems;

        void Require(string? value, string name)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{Section}:{name} is required: it is printed on every message");
            }
        }
    }

    private static bool IsWebAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
