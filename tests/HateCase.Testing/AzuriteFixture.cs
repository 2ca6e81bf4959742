using Xunit;

namespace HateCase.Testing;

// One in-memory Azurite shared by the tests of a collection. xunit needs the collection definition
// in the test assembly itself, so each assembly declares (with its own class name):
//   [CollectionDefinition(AzuriteFixture.Collection)]
//   public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
// and its Azurite test classes carry [Collection(AzuriteFixture.Collection)].
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string Collection = "Azurite";

    private AzuriteInstance? azurite;

    public AzuriteInstance Azurite => azurite ?? throw new InvalidOperationException("Azurite has not been started yet.");

    public string ConnectionString => Azurite.ConnectionString;

    public async Task InitializeAsync() => azurite = await AzuriteInstance.Start(AzuritePersistence.InMemory);

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}
