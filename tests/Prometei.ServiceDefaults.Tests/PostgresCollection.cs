using Prometei.Testing;

namespace Prometei.ServiceDefaults.Tests;

/// <summary>
/// One PostgreSQL server for every test class in the "postgres" collection. xunit 2 reads collection definitions only
/// from the test assembly, so this declaration lives here rather than in Prometei.Testing.
/// </summary>
[CollectionDefinition(PostgresFixture.CollectionName)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
