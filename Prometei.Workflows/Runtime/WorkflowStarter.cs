using Microsoft.Extensions.Options;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>
/// Starts instances of workflows: prepares each one's state and hands them, with their guards, to the one place that creates
/// instances (<see cref="InstanceStarter"/>), then wakes the workers. What a caller was told was accepted is committed before
/// this returns. A Singleton workflow gets no new instance while one of its instances still runs. When this node's dispatcher
/// has free slots, the instances are inserted leased to this node and handed to it in process (no queue row, no claim);
/// otherwise they are queued for any node.
/// </summary>
public sealed class WorkflowStarter(
    WorkflowRunner runner, InstanceStarter instances, WorkflowDispatcher dispatcher, WorkSignal signal, ClusterWakeUp wakeUp, IOptions<WorkflowServerOptions> options)
{
    /// <summary>Starts the instances in one round trip. Returns the states of those created (Singletons may be skipped).</summary>
    public async Task<IReadOnlyList<WorkflowState>> StartAsync(IReadOnlyList<StartRequest> requests, CancellationToken cancellationToken = default)
    {
        var (states, _) = await StartAsync(requests, StartGuard.None, null, cancellationToken);
        return states;
    }

    public async Task<WorkflowState?> StartAsync(StartRequest request, CancellationToken cancellationToken = default) =>
        (await StartAsync([request], cancellationToken)).FirstOrDefault();

    /// <summary>
    /// Starts the instances under <paramref name="guard"/> and resumes those waiting for <paramref name="resume"/>, in one
    /// transaction. Returns the states created and what the store did (for a guard claimed before: what it recorded then).
    /// </summary>
    public async Task<(IReadOnlyList<WorkflowState> Created, StartOutcome Outcome)> StartAsync(
        IReadOnlyList<StartRequest> requests, StartGuard guard, EventResume? resume, CancellationToken cancellationToken = default)
    {
        if (requests.Count == 0 && resume is null)
        {
            return ([], new StartOutcome([], []));
        }

        var states = requests.Select(Prepare).ToList();
        var local = states.Count > 0 && dispatcher.TryReserve(states.Count);
        StartOutcome outcome;
        try
        {
            outcome = await instances.StartAsync(
                [.. states.Select((s, i) => new NewInstance(s, requests[i].ReplayOf, requests[i].Workflow.Options.Activation == ActivationStrategy.Singleton))],
                guard, resume, local ? new InstanceLease(options.Value.NodeId, options.Value.LeaseDuration) : null, cancellationToken);
        }
        catch
        {
            if (local)
            {
                dispatcher.Unreserve(states.Count);
            }

            throw;
        }

        var created = states.Where(s => !outcome.Replayed && outcome.StartedInstanceIds.Contains(s.Id)).ToList();
        if (local)
        {
            var traceParent = WorkflowTelemetry.CurrentTraceParent();
            dispatcher.Unreserve(states.Count - created.Count);
            foreach (var state in created)
            {
                dispatcher.Run(new ClaimedInstance(state.Id, InstanceLease.FirstFence, null, state, Accepted: true, traceParent));
            }
        }

        if ((local ? 0 : created.Count) + outcome.ResumedInstanceIds.Count > 0 && !outcome.Replayed)
        {
            signal.Set();        // this node's workers, at once
            wakeUp.Request();    // the other nodes, by a NOTIFY outside this transaction
        }

        foreach (var state in created)
        {
            WorkflowTelemetry.InstancesStarted.Add(1, new KeyValuePair<string, object?>("workflow.definition_id", state.DefinitionId));
        }

        return (created, outcome);
    }

    public WorkflowState Prepare(StartRequest request) =>
        runner.CreateInstance(request.Workflow, request.InstanceId ?? NewInstanceId(), request.Input, request.CorrelationId, request.TriggerNodeId);

    public static string NewInstanceId() => Guid.CreateVersion7().ToString("N");
}
