using HateCase.Mail.Delivery;

namespace HateCase.App.Dev;

// Where the app's email goes, as the development tools show it. With the development mailbox it
// is kept on this computer and listed at /dev/mail; with Smtp or Azure Communication Services (a
// developer may point Mail:Provider at a local SMTP catcher to see real emails) it leaves, and the
// mailbox page and API say so instead of listing nothing or failing.
public sealed class WhereMailGoes(MailOptions options, DevelopmentMailbox? mailbox)
{
    public const string NotInUseTitle = "The development mailbox is not in use";

    // Null when mail goes out through a provider, and nothing is kept here.
    public DevelopmentMailbox? DevelopmentMailbox => mailbox;

    // What to tell the developer when the mail is not kept here.
    public string? GoesOutThrough => mailbox is null ? Describe(options) : null;

    private static string Describe(MailOptions options)
    {
        var through = options.ProviderKind switch
        {
            MailProvider.Smtp => $"SMTP (Mail:Smtp:Host {options.Smtp.Host}, port {options.Smtp.Port})",
            MailProvider.AzureCommunicationServices => "Azure Communication Services (Mail:Acs)",
            _ => options.Provider,
        };
        return $"Mail is going out through {through}, as Mail:Provider says, so it is not kept here: look for it there. " +
            $"To keep it in the development mailbox instead, set Mail:Provider to {nameof(MailProvider.DevelopmentMailbox)}.";
    }
}
