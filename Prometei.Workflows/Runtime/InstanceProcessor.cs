using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>
/// Runs one claimed instance: takes its state (from the claim, or loads it) and its due queue rows, turns them into stimuli, runs the engine step by step and
/// commits each step in one transaction under the lease's fence. The rows it consumed are deleted with the last step, so a
/// crash before then replays them; every stimulus is harmless to apply twice.
/// </summary>
public sealed partial class InstanceProcessor(
    InstanceStore instances,
    StepWriter steps,
    WorkflowCatalog catalog,
    WorkflowRunner runner,
    HttpResponseWaiter responses,
    TimeProvider time,
    ILogger<InstanceProcessor> logger)
{
    public async Task ProcessAsync(ClaimedInstance claim, CancellationToken cancellationToken)
    {
        WorkflowState state;
        IReadOnlyList<WorkItem> items;
        if (claim.State is not null)
        {
            // The claim read the state and the due queue rows; an instance this node has just accepted has none.
            (state, items) = (claim.State, claim.Accepted ? [] : claim.WorkItems ?? await instances.DueWorkItemsAsync(claim.Id, cancellationToken));
        }
        else if (await instances.LoadAsync(claim.Id, cancellationToken) is { } loaded)
        {
            (state, items) = loaded;
        }
        else
        {
            return;
        }

        var started = time.GetTimestamp();
        using var span = WorkflowTelemetry.StartStep(state.DefinitionId, state.Id, items.FirstOrDefault(i => i.TraceParent is not null)?.TraceParent ?? claim.TraceParent, claim.PreviousOwner);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["WorkflowInstanceId"] = state.Id, ["WorkflowDefinitionId"] = state.DefinitionId });
        var workflow = await catalog.GetAsync(state.DefinitionVersionId, cancellationToken);
        var extraLog = new List<ExecutionLogRecord>();
        if (claim.PreviousOwner is not null)
        {
            // The last holder's lease ran out before it released the instance: whatever it did after its last commit is redone now.
            extraLog.Add(new ExecutionLogRecord(
                Guid.CreateVersion7().ToString("N"), state.Id, null, null, workflow.Root.Id, workflow.Root.Type, workflow.Root.Name,
                workflow.Root.NodeId, time.GetUtcNow(), ++state.LogSequence, "Rerun",
                $"Node {claim.PreviousOwner} stopped without releasing the instance; running again from the last committed step.", "Runtime", null));
            LogTakeover(logger, state.Id, claim.PreviousOwner);
        }

        var stimuli = items.Select(ToStimulus).ToList();
        if (stimuli.Count == 0)
        {
            stimuli.Add(new Stimulus.Continue());
        }

        var consumed = items.Select(i => i.Id).ToList();
        var first = true;
        while (true)
        {
            var step = new ExecutionStep();
            if (first)
            {
                foreach (var stimulus in stimuli)
                {
                    Merge(step, await runner.RunAsync(workflow, state, stimulus, cancellationToken));
                }

                first = false;
            }
            else
            {
                step = await runner.RunAsync(workflow, state, new Stimulus.Continue(), cancellationToken);
            }

            var done = !step.HasMoreWork;
            FaultedHttpResponse.AddIfFaulted(workflow, state, step);
            await steps.CommitAsync(new StepCommit(state, step, claim.Fence, done ? consumed : [], ReleaseLease: done, extraLog), cancellationToken);
            extraLog = [];
            foreach (var response in step.HttpResponses.Take(1))
            {
                responses.Complete(state.Id, response);
            }

            if (done)
            {
                WorkflowTelemetry.StepDuration.Record(
                    time.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("workflow.definition_id", state.DefinitionId));
                return;
            }
        }
    }

    private static Stimulus ToStimulus(WorkItem item) => item.Kind switch
    {
        WorkItem.Resume => new Stimulus.ResumeBookmark(item.TargetId ?? "", item.Payload),
        WorkItem.Retry => new Stimulus.RetryActivity(item.TargetId ?? ""),
        WorkItem.RetryFaulted => new Stimulus.RetryFaulted(),
        WorkItem.Cancel => new Stimulus.Cancel(),
        _ => new Stimulus.Continue(),
    };

    private static void Merge(ExecutionStep into, ExecutionStep from)
    {
        foreach (var r in from.Records)
        {
            into.Records.RemoveAll(x => x.Id == r.Id);
            into.Records.Add(r);
        }

        into.Log.AddRange(from.Log);
        into.BookmarksAdded.RemoveAll(b => from.BookmarksRemoved.Contains(b.Id));
        into.BookmarksRemoved.AddRange(from.BookmarksRemoved);
        into.BookmarksAdded.AddRange(from.BookmarksAdded);
        into.WakeUps.AddRange(from.WakeUps);
        into.HttpResponses.AddRange(from.HttpResponses);
        into.IncidentsAdded.AddRange(from.IncidentsAdded);
        into.HasMoreWork = from.HasMoreWork;
        into.ActivitiesExecuted += from.ActivitiesExecuted;
        into.EffectActivitiesExecuted += from.EffectActivitiesExecuted;
        into.StatusChanged |= from.StatusChanged;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Took over workflow instance {InstanceId} from node {PreviousOwner}, whose lease ran out")]
    private static partial void LogTakeover(ILogger logger, string instanceId, string previousOwner);
}
