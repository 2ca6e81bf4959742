using HateCase.Azure.Storage;
using HateCase.Storage;
using HateCase.Workflow;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HateCase.App.Privacy;

// Who looked, and subject access: the access record, the person index and the recorder that
// writes the index as each turn is recorded.
public static class PrivacySetup
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddSingleton(sp => new AccessRecord(sp.GetRequiredService<AzureStorage>().TableService, sp.GetRequiredService<CaseProjectionOptions>()));
        services.AddSingleton(sp => new PersonIndex(sp.GetRequiredService<AzureStorage>().TableService,
            sp.GetRequiredService<AzureStorage>().BlobService, sp.GetRequiredService<CaseProjectionOptions>()));
        services.AddSingleton<AccessAudit>();
        services.AddSingleton<NeedToKnowGate>();
        services.AddSingleton<SubjectAccessSearch>();
        services.AddSingleton<TableCaseRecorder>();
        services.Replace(ServiceDescriptor.Singleton<ICaseRecorder>(sp =>
            new PersonIndexingRecorder(sp.GetRequiredService<TableCaseRecorder>(), sp.GetRequiredService<PersonIndex>())));
        services.AddHostedService<PrivacyStorageInitializer>();
        return services;
    }
}

public sealed class PrivacyStorageInitializer(AccessRecord record, PersonIndex index) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await record.EnsureCreated(cancellationToken);
        await index.EnsureCreated(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
