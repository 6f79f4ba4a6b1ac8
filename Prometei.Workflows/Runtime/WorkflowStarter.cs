using Npgsql;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>
/// Creates instances: the state, with the first queue row, is committed before this returns, so what a caller was told was
/// accepted survives any crash. A Singleton workflow gets no new instance while one of its instances still runs.
/// </summary>
public sealed class WorkflowStarter(WorkflowRunner runner, NpgsqlDataSource dataSource, WorkSignal signal, ClusterWakeUp wakeUp)
{
    /// <summary>Starts the instances in one round trip. Returns the states of those created (Singletons may be skipped).</summary>
    public async Task<IReadOnlyList<WorkflowState>> StartAsync(IReadOnlyList<StartRequest> requests, CancellationToken cancellationToken = default)
    {
        if (requests.Count == 0)
        {
            return [];
        }

        var states = requests.Select(Prepare).ToList();
        await using var batch = dataSource.CreateBatch();
        var inserts = new List<int>();
        for (var i = 0; i < requests.Count; i++)
        {
            inserts.Add(batch.BatchCommands.Count);
            AddCreateCommands(batch, new NewInstance(states[i], requests[i].ReplayOf),
                requests[i].Workflow.Options.Activation == ActivationStrategy.Singleton ? requests[i].Workflow.DefinitionId : null);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        signal.Set();        // this node's workers, at once
        wakeUp.Request();    // the other nodes, by a NOTIFY outside this transaction
        var created = states.Where((_, i) => batch.BatchCommands[inserts[i] + (requests[i].Workflow.Options.Activation == ActivationStrategy.Singleton ? 1 : 0)].RecordsAffected > 0).ToList();
        foreach (var state in created)
        {
            WorkflowTelemetry.InstancesStarted.Add(1, new KeyValuePair<string, object?>("workflow.definition_id", state.DefinitionId));
        }

        return created;
    }

    public async Task<WorkflowState?> StartAsync(StartRequest request, CancellationToken cancellationToken = default) =>
        (await StartAsync([request], cancellationToken)).FirstOrDefault();

    public WorkflowState Prepare(StartRequest request) =>
        runner.CreateInstance(request.Workflow, request.InstanceId ?? NewInstanceId(), request.Input, request.CorrelationId, request.TriggerNodeId);

    /// <summary>
    /// The commands that create one instance. With <paramref name="singletonOf"/>, they lock the definition and insert nothing
    /// while another instance of it runs.
    /// </summary>
    public static void AddCreateCommands(NpgsqlBatch batch, NewInstance instance, string? singletonOf)
    {
        if (singletonOf is null)
        {
            InstanceStore.AddCreateCommands(batch, instance);
            return;
        }

        var s = instance.State;
        batch.BatchCommands.Add(InstanceStore.Command("SELECT pg_advisory_xact_lock(hashtextextended('singleton:' || $1, 0))", singletonOf));
        batch.BatchCommands.Add(InstanceStore.Command(
            """
            INSERT INTO workflow_instances (id, definition_id, definition_version_id, version, status, sub_status, correlation_id, name,
                incident_count, created_at, updated_at, replay_of, state)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9, $10, $11::jsonb
            WHERE NOT EXISTS (SELECT 1 FROM workflow_instances WHERE definition_id = $2 AND status = 'Running')
            """,
            s.Id, s.DefinitionId, s.DefinitionVersionId, s.DefinitionVersion, s.Status.ToString(), s.SubStatus.ToString(),
            (object?)s.CorrelationId ?? DBNull.Value, (object?)s.Name ?? DBNull.Value, s.CreatedAt, (object?)instance.ReplayOf ?? DBNull.Value,
            WorkflowJson.Serialize(s)));
        batch.BatchCommands.Add(InstanceStore.Command(
            "INSERT INTO work_items (instance_id, kind, due_at, trace_parent) SELECT $1, 'Run', $2, $3 WHERE EXISTS (SELECT 1 FROM workflow_instances WHERE id = $1)",
            s.Id, s.CreatedAt, (object?)WorkflowTelemetry.CurrentTraceParent() ?? DBNull.Value));
    }

    public static string NewInstanceId() => Guid.CreateVersion7().ToString("N");
}
