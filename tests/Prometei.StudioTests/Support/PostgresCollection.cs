using Prometei.Testing;

namespace Prometei.StudioTests.Support;

[CollectionDefinition(PostgresFixture.CollectionName)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
