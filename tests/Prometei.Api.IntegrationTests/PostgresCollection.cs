using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

[CollectionDefinition(PostgresFixture.CollectionName)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
