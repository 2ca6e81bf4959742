using HateCase.Testing;

namespace HateCase.Runtime.Tests;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
