using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using HateCase.Mail.Rendering;
using HateCase.Runtime.Ports;

namespace HateCase.Mail.Delivery;

public static class MailSenderFactory
{
    // Builds the transport the "Mail" section asks for. Call MailOptions.Validate first; this throws
    // on settings it cannot use. ACS is paced to its sending limits; the credential defaults to
    // DefaultAzureCredential (the app's managed identity in Azure) when UseManagedIdentity is set.
    public static IMailTransport Create(
        MailOptions options,
        LandlordDetails landlord,
        IBlobStore blobs,
        TimeProvider clock,
        TokenCredential? credential = null,
        HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(landlord);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(clock);
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("The mail settings are not valid:" + string.Concat(problems.Select(p => "\n- " + p)));
        }
        return options.ProviderKind switch
        {
            MailProvider.DevelopmentMailbox => new DevelopmentMailbox(blobs, landlord, options.SenderAddress, clock),
            MailProvider.Smtp => new SmtpEmailSender(options.Smtp, options.SenderAddress, landlord),
            // Signing dates and polling waits are on the wire, so they follow the real clock even
            // when the app's clock has been moved on in development.
            MailProvider.AzureCommunicationServices => new PacedSender(Acs(options, landlord, TimeProvider.System, credential, transport), clock, options.PerMinute, options.PerHour),
            _ => throw new InvalidOperationException($"{MailOptions.Section}:Provider is not a known mail provider."),
        };
    }

    private static AcsEmailSender Acs(MailOptions options, LandlordDetails landlord, TimeProvider clock, TokenCredential? credential, HttpPipelineTransport? transport)
    {
        var acs = options.Acs;
        if (acs.UseManagedIdentity)
        {
            AcsConnectionString.TryReadEndpoint(acs.Endpoint, out var endpoint);
            return AcsEmailSender.WithTokenCredential(endpoint, credential ?? new DefaultAzureCredential(), options.SenderAddress, landlord, acs, clock, transport);
        }
        return AcsEmailSender.WithAccessKey(AcsConnectionString.Parse(acs.ConnectionString!), options.SenderAddress, landlord, acs, clock, transport);
    }
}
