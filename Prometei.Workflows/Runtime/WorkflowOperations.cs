using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>What an operator can do to an instance: cancel it, retry its faulted activities, or replay it from its input.</summary>
public sealed class WorkflowOperations(InstanceStore instances, WorkQueue queue, InstanceStarter starts, WorkflowCatalog catalog, WorkflowStarter starter, WorkSignal signal)
{
    /// <summary>Queues a cancel. False when the instance does not exist or has finished.</summary>
    public async Task<bool> CancelAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var state = await instances.GetStateAsync(instanceId, cancellationToken);
        if (state is null || (state.Status == WorkflowStatus.Finished && state.SubStatus != WorkflowSubStatus.Faulted))
        {
            return false;
        }

        await queue.EnqueueAsync(instanceId, WorkItem.Cancel, null, null, cancellationToken: cancellationToken);
        signal.Set();
        return true;
    }

    /// <summary>
    /// Queues a cancel for each of the instances a cancel can act on (running, or faulted) that has none queued yet, in one
    /// round trip. Returns how many were queued; calling it again with the same ids queues nothing more until those ran.
    /// </summary>
    public async Task<int> CancelManyAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken = default)
    {
        var queued = await queue.EnqueueCancelsAsync(instanceIds, cancellationToken);
        if (queued > 0)
        {
            signal.Set();
        }

        return queued;
    }

    /// <summary>Queues a retry of the faulted activities. False when the instance has none.</summary>
    public async Task<bool> RetryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var state = await instances.GetStateAsync(instanceId, cancellationToken);
        if (state is null || !state.Frames.Exists(f => f.Status == FrameStatus.Faulted))
        {
            return false;
        }

        await queue.EnqueueAsync(instanceId, WorkItem.RetryFaulted, null, null, cancellationToken: cancellationToken);
        signal.Set();
        return true;
    }

    /// <summary>
    /// Queues a retry of every faulted instance (of one definition, when given) that has faulted activities: an outage that
    /// outlived the retry window, fixed, is recovered in one go. Returns the ids retried.
    /// </summary>
    public async Task<IReadOnlyList<string>> RetryFaultedAsync(string? definitionId, CancellationToken cancellationToken = default)
    {
        var retried = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await instances.FaultedIdsAsync(definitionId, after, 500, cancellationToken);
            foreach (var id in page)
            {
                if (await RetryAsync(id, cancellationToken))
                {
                    retried.Add(id);
                }
            }

            if (page.Count < 500)
            {
                return retried;
            }

            after = page[^1];
        }
    }

    /// <summary>Starts a new instance of the same version with the same input and trigger, linked to the original.</summary>
    public async Task<WorkflowState?> ReplayAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var original = await instances.GetStateAsync(instanceId, cancellationToken);
        if (original is null)
        {
            return null;
        }

        var workflow = await catalog.GetAsync(original.DefinitionVersionId, cancellationToken);
        var trigger = original.Properties.TryGetValue("triggerNodeId", out var t) && t is not null ? t.GetValue<string>() : null;
        var replay = starter.Prepare(new StartRequest(workflow, original.Input, original.CorrelationId, trigger, ReplayOf: instanceId));
        replay.Properties["replayOf"] = instanceId;
        await starts.StartAsync([new NewInstance(replay, instanceId)], StartGuard.None, null, cancellationToken: cancellationToken);
        signal.Set();
        return replay;
    }
}
