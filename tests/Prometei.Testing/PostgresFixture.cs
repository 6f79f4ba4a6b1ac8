using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Prometei.Testing;

/// <summary>
/// One PostgreSQL server for a test collection. Each test class asks it for a database of its own with
/// <c>await fixture.Server.CreateDatabaseAsync()</c>.
/// </summary>
/// <remarks>
/// xunit 2 reads collection definitions only from the test assembly itself, so each test project declares
/// <code>
/// [CollectionDefinition(PostgresFixture.CollectionName)]
/// public sealed class PostgresCollection : ICollectionFixture&lt;PostgresFixture&gt;;
/// </code>
/// and its test classes carry <c>[Collection(PostgresFixture.CollectionName)]</c>.
/// </remarks>
public sealed class PostgresFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    /// <summary>The name of the test collection that shares this fixture.</summary>
    public const string CollectionName = "postgres";

    private PostgresServer? _server;

    /// <summary>The running server.</summary>
    public PostgresServer Server => _server ?? throw new InvalidOperationException(
        "The PostgreSQL server is not running: xunit starts it before the collection's first test and stops it after the last.");

    /// <inheritdoc />
    public async Task InitializeAsync() =>
        _server = await PostgresServer.StartAsync(new PostgresServerOptions
        {
            Log = message => diagnostics.OnMessage(new DiagnosticMessage(message)),
        });

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
