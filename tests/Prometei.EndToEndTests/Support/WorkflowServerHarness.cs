using System.Text.Json.Nodes;
using Npgsql;
using Prometei.Testing;

namespace Prometei.EndToEndTests.Support;

/// <summary>A database and a definitions folder for Prometei.Workflows processes started by a test, with ways to read what they did.</summary>
/// <remarks>Also compiled into Prometei.StudioTests (a linked file, for FlowsHarness).</remarks>
public sealed class WorkflowServerHarness : IAsyncDisposable
{
    private readonly List<ServiceProcess> _processes = [];

    private WorkflowServerHarness(string connectionString, string definitionsFolder)
    {
        ConnectionString = connectionString;
        DefinitionsFolder = definitionsFolder;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    public string DefinitionsFolder { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<WorkflowServerHarness> CreateAsync(PostgresServer server)
    {
        var connectionString = await server.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("prometei-definitions-").FullName;
        return new WorkflowServerHarness(connectionString, folder);
    }

    public void AddDefinition(JsonObject definition) =>
        File.WriteAllText(Path.Combine(DefinitionsFolder, definition["definitionId"]!.GetValue<string>() + ".json"), definition.ToJsonString());

    public async Task<ServiceProcess> StartNodeAsync(string nodeId, TimeSpan? lease = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__workflows"] = ConnectionString,
            ["Workflows__DefinitionsPath"] = DefinitionsFolder,
            ["Workflows__NodeId"] = nodeId,
            ["Workflows__LeaseDuration"] = (lease ?? TimeSpan.FromSeconds(3)).ToString("c"),
            ["Workflows__PollInterval"] = "00:00:00.200",
            ["Workflows__Scheduling__TickInterval"] = "00:00:00.100",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            environment[k] = v;
        }

        var process = await ServiceProcess.StartAsync("Prometei.Workflows", environment);
        _processes.Add(process);
        return process;
    }

    public async Task<List<InstanceRow>> InstancesAsync(string? definitionId = null)
    {
        await using var cmd = DataSource.CreateCommand(
            "SELECT id, definition_id, status, sub_status, created_at, finished_at, state::text, replay_of FROM workflow_instances WHERE $1::text IS NULL OR definition_id = $1 ORDER BY created_at");
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)definitionId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var rows = new List<InstanceRow>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new InstanceRow(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), (JsonObject)JsonNode.Parse(reader.GetString(6))!,
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return rows;
    }

    /// <summary>
    /// Waits until <paramref name="more"/> more instances of <paramref name="definitionId"/> have finished than when called: for
    /// "nothing is made twice over further runs", counted in runs instead of guessed in seconds.
    /// </summary>
    public async Task WaitForMoreFinishedAsync(string definitionId, int more, TimeSpan timeout)
    {
        var before = (await InstancesAsync(definitionId)).Count(i => i.Status == "Finished");
        await WaitUntilAsync(
            async () => (await InstancesAsync(definitionId)).Count(i => i.Status == "Finished") >= before + more,
            timeout,
            $"{more} more finished runs of {definitionId}");
    }

    public async Task<List<(string EventName, string NodeId, string? Message)>> LogAsync(string instanceId)
    {
        await using var cmd = DataSource.CreateCommand("SELECT event_name, node_id, message FROM execution_log WHERE instance_id = $1 ORDER BY sequence");
        cmd.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        var rows = new List<(string, string, string?)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return rows;
    }

    public async Task<List<(string NodeId, int Attempt, string Status, DateTimeOffset StartedAt)>> RecordsAsync(string instanceId)
    {
        await using var cmd = DataSource.CreateCommand(
            "SELECT activity_node_id, attempt, status, started_at FROM activity_executions WHERE instance_id = $1 ORDER BY started_at, attempt");
        cmd.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        var rows = new List<(string, int, string, DateTimeOffset)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return rows;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after the timeout.</summary>
    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) => Eventually.WaitUntilAsync(condition, timeout, what);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await DataSource.DisposeAsync();
        try
        {
            Directory.Delete(DefinitionsFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
