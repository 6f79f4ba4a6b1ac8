using Prometei.Testing;

namespace Prometei.EndToEndTests.Support;

[CollectionDefinition(PostgresFixture.CollectionName)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
