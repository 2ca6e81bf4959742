using HateCase.Mail.Rendering;
using HateCase.Mail.Surveys;

namespace HateCase.App.Hosting;

// The settings the app refuses to start without outside Development, in one place: start-up
// names any of OutsideDevelopment that is missing (MailSetup), and the infrastructure tests check
// that the templates in infra/ set every setting listed here. Keys are configuration keys; as app
// settings their ':' is written '__'.
public static class RequiredSettings
{
    // Whatever the mail provider. The storage connection is either a connection string or the
    // settings beneath it (AzureWebJobsStorage:accountName and the rest, reached with an identity).
    public static IReadOnlyList<string> OutsideDevelopment { get; } =
    [
        StorageSetup.ConnectionSetting,
        $"{LandlordDetails.Section}:Name",
        $"{LandlordDetails.Section}:Phone",
        $"{LandlordDetails.Section}:Email",
        $"{LandlordDetails.Section}:Website",
        $"{LandlordDetails.Section}:Address",
        "Mail:Provider",
        "Mail:From",
        .. StaffRoles.Required.Select(role => $"{StaffDirectory.Section}:Teams:{role}"),
        SurveyTokens.KeySetting,
        "Intake:KeySecret",
        "App:PublicBaseUrl",
    ];

    // With Mail:Provider AzureCommunicationServices reached with the app's identity, not an access key.
    public static IReadOnlyList<string> AzureCommunicationServicesWithIdentity { get; } =
        ["Mail:Acs:Endpoint", "Mail:Acs:UseManagedIdentity"];

    // The ASB@ mailbox read through Microsoft Graph: with Inbound:Mailbox set, these must be too.
    public const string GraphMailboxSetting = "Inbound:Mailbox";

    public static IReadOnlyList<string> WithGraphMailbox { get; } = ["Inbound:NotificationUrl", "Inbound:ClientState"];

    // What a deployment to Azure sets: sending with Azure Communication Services as the app's
    // identity, and reading the ASB@ mailbox through Graph.
    public static IReadOnlyList<string> InAzure { get; } =
        [.. OutsideDevelopment, .. AzureCommunicationServicesWithIdentity, GraphMailboxSetting, .. WithGraphMailbox];

    // A setting is set when it has a value, or settings beneath it.
    public static IReadOnlyList<string> MissingFrom(IConfiguration configuration, IEnumerable<string> settings) =>
        settings.Where(key => configuration.GetSection(key) is var section
                              && string.IsNullOrWhiteSpace(section.Value)
                              && !section.GetChildren().Any())
            .ToList();
}
