using Azure.Identity;
using HateCase.App.Inbound;
using HateCase.Inbound;
using HateCase.Inbound.Email;
using HateCase.Mail.Delivery;
using HateCase.Runtime.Ports;

namespace HateCase.App.Hosting;

// Emails to the ASB@ mailbox become reports and notes on cases (architecture decision 6).
public static class InboundMailHosting
{
    public static IServiceCollection AddInboundMail(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(InboundMailOptions.Section);
        var options = new InboundMailOptions();
        section.Bind(options);
        var mode = !string.IsNullOrWhiteSpace(options.Mailbox) ? InboundMailMode.Graph
            : environment.IsDevelopment() ? InboundMailMode.DevelopmentMailbox
            : InboundMailMode.Off;
        services.AddSingleton(new InboundMailSwitch(mode));
        if (mode == InboundMailMode.Off)
        {
            services.AddHostedService<InboundMailOffNotice>();
            return services;
        }
        if (mode == InboundMailMode.Graph && options.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("Inbound mail cannot start until these settings are put right:" + string.Concat(problems.Select(p => "\n- " + p)));
        }
        if (section["TablePrefix"] is null)
        {
            // Beside the case tables, so deployments (or test runs) sharing an account stay apart.
            options.TablePrefix = configuration["Storage:TablePrefix"] ?? "";
        }

        services.AddSingleton(options);
        services.AddSingleton(sp => Policy(sp.GetRequiredService<MailOptions>()));
        services.AddSingleton<EmailCaseSink>();
        services.AddSingleton<IInboundCaseSink>(sp => sp.GetRequiredService<EmailCaseSink>());
        if (mode == InboundMailMode.DevelopmentMailbox)
        {
            services.AddSingleton<DevelopmentInbox>();
            services.AddSingleton<DevelopmentInboundMail>();
        }
        services.AddSingleton(sp => mode == InboundMailMode.Graph
            ? InboundMailSetup.ForGraph(options, sp.GetRequiredService<TriagePolicy>(), new DefaultAzureCredential(),
                sp.GetRequiredService<ITableStore>(), sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<IQueueStore>(),
                sp.GetRequiredService<IInboundCaseSink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>())
            : InboundMailSetup.ForMailbox(options, sp.GetRequiredService<TriagePolicy>(), sp.GetRequiredService<DevelopmentInbox>(), null,
                sp.GetRequiredService<ITableStore>(), sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<IQueueStore>(),
                sp.GetRequiredService<IInboundCaseSink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<InboundStorageInitializer>();
        return services;
    }

    // Our own sending address never opens a case, and our Message-IDs carry its domain.
    private static TriagePolicy Policy(MailOptions mail)
    {
        var sender = mail.SenderAddress;
        var at = sender.LastIndexOf('@');
        return TriagePolicy.Default with
        {
            OwnAddresses = [sender],
            OwnMessageIdDomains = at > 0 ? [sender[(at + 1)..]] : [],
        };
    }
}
