using HateCase.App.Dev;
using HateCase.Mail.Delivery;
using HateCase.Mail.Rendering;
using HateCase.Mail.Surveys;
using HateCase.Workflow;
using HateCase.Runtime.Digests;
using HateCase.Runtime.Ports;

namespace HateCase.App.Hosting;

public static class MailSetup
{
    // Development runs with example addresses and keys so that it starts with no settings at all.
    private static readonly Dictionary<string, string> DevelopmentTeams = new()
    {
        [StaffRoles.CaseOfficers] = "case-officers@development.invalid",
        [StaffRoles.TeamLeader] = "team-leader@development.invalid",
        [StaffRoles.PostRoom] = "post-room@development.invalid",
    };

    private const string DevelopmentSurveyKey = "ZGV2ZWxvcG1lbnQtb25seS1zdXJ2ZXktdG9rZW4ta2V5LTMyKw==";

    public static IServiceCollection AddMailDelivery(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var mail = configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
        var landlord = new LandlordDetails(
            configuration["Landlord:Name"] ?? "", configuration["Landlord:Phone"] ?? "", configuration["Landlord:Email"] ?? "",
            configuration["Landlord:Website"] ?? "", configuration["Landlord:Address"] ?? "");
        var teams = configuration.GetSection($"{StaffDirectory.Section}:Teams").Get<Dictionary<string, string>>() ?? [];
        if (environment.IsDevelopment())
        {
            foreach (var (role, address) in DevelopmentTeams)
            {
                teams.TryAdd(role, address);
            }
        }
        var staff = new StaffDirectory(configuration.GetSection($"{StaffDirectory.Section}:Officers").Get<Dictionary<string, string>>() ?? [], teams);
        var surveyKey = configuration[SurveyTokens.KeySetting] ?? (environment.IsDevelopment() ? DevelopmentSurveyKey : null);
        var baseUrl = configuration["App:PublicBaseUrl"];

        var problems = mail.Validate().Concat(staff.Validate()).Concat(landlord.Validate()).ToList();
        if (!environment.IsDevelopment())
        {
            // The development mailbox keeps every email on the machine: victims and officers would get none.
            if (string.IsNullOrWhiteSpace(configuration[$"{MailOptions.Section}:Provider"]))
            {
                problems.Add($"{MailOptions.Section}:Provider is required outside Development: AzureCommunicationServices or Smtp");
            }
            else if (mail.ProviderKind == MailProvider.DevelopmentMailbox)
            {
                problems.Add($"{MailOptions.Section}:Provider {nameof(MailProvider.DevelopmentMailbox)} is for Development only, as it sends nothing: set it to AzureCommunicationServices or Smtp");
            }
        }
        if (SurveyTokens.ValidateKey(surveyKey) is { } keyProblem)
        {
            problems.Add(keyProblem);
        }
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var publicBaseUrl))
        {
            problems.Add("App:PublicBaseUrl is required: the address people use to reach the app, like https://asb.example.org");
        }
        if (!environment.IsDevelopment())
        {
            // Every other setting the app cannot run without here (RequiredSettings), unless a
            // problem above is already about its section: one change is asked for at a time.
            problems.AddRange(RequiredSettings.MissingFrom(configuration, RequiredSettings.OutsideDevelopment)
                .Where(setting => !problems.Any(problem => problem.StartsWith(setting.Split(':')[0] + ":", StringComparison.Ordinal)))
                .Select(setting => $"{setting} is required outside Development"));
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The app cannot start until these settings are put right:" + string.Concat(problems.Select(p => "\n- " + p)));
        }

        var tokens = SurveyTokens.FromBase64Key(surveyKey);
        services.AddSingleton(mail);
        services.AddSingleton(landlord);
        services.AddSingleton<IStaffDirectory>(staff);
        services.AddSingleton(tokens);
        services.AddSingleton<ILinks>(new Links(publicBaseUrl!, tokens));
        services.AddSingleton(sp => new MessageComposer(sp.GetRequiredService<CasePolicy>().Profile, landlord, staff, sp.GetRequiredService<ILinks>()));
        services.AddSingleton(sp => MailSenderFactory.Create(mail, landlord, sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<MailSender>();
        services.AddSingleton<HateCase.Runtime.Cases.IMessageSender>(sp => sp.GetRequiredService<MailSender>());
        services.AddSingleton<IDigestSender>(sp => sp.GetRequiredService<MailSender>());
        if (mail.ProviderKind == MailProvider.DevelopmentMailbox)
        {
            services.AddSingleton(sp => (DevelopmentMailbox)sp.GetRequiredService<IMailTransport>());
        }
        services.AddSingleton(sp => new WhereMailGoes(mail, sp.GetService<DevelopmentMailbox>()));
        return services;
    }
}
