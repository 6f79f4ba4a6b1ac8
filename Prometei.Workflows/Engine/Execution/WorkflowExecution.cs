using System.Diagnostics;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>
/// One run of one instance: applies a stimulus, then executes queued activities until the instance is quiet or a commit
/// boundary is reached (an activity with an outside effect completed, or the step grew large). Mutates the state in place
/// and collects everything else the runtime must write in an <see cref="ExecutionStep"/>. The journal
/// (<see cref="ExecutionJournal"/>), the frame tree (<see cref="FrameTree"/>), variables (<see cref="FrameVariables"/>),
/// stimuli (<see cref="StimulusApplier"/>) and the retry decision (<see cref="RetryDecision"/>) live in their own types.
/// </summary>
internal sealed class WorkflowExecution
{
    private readonly WorkflowRunner _runner;
    private readonly ExecutionStep _step = new();
    private readonly ExecutionJournal _journal;
    private readonly FrameTree _frames;
    private readonly FrameVariables _variables;
    private readonly CancellationToken _cancellationToken;
    private bool _faultedStop;

    public WorkflowExecution(WorkflowRunner runner, Workflow workflow, WorkflowState state, CancellationToken cancellationToken)
    {
        _runner = runner;
        Workflow = workflow;
        State = state;
        _cancellationToken = cancellationToken;
        _journal = new ExecutionJournal(state, _step, runner.Time);
        _frames = new FrameTree(workflow, state, _step, _journal, runner.Time);
        _variables = new FrameVariables(workflow, state);
    }

    public Workflow Workflow { get; }

    public WorkflowState State { get; }

    public IServiceProvider Services => _runner.Services;

    /// <summary>The expression evaluators this run uses.</summary>
    internal ExpressionEvaluatorRegistry Evaluators => _runner.Evaluators;

    public TimeProvider Time => _runner.Time;

    private DateTimeOffset Now => _runner.Time.GetUtcNow();

    public async Task<ExecutionStep> RunAsync(Stimulus stimulus)
    {
        var statusBefore = (State.Status, State.SubStatus);
        StimulusApplier.Apply(stimulus, Workflow, State, _frames, _journal);

        if (State.Status == WorkflowStatus.Running)
        {
            State.SubStatus = WorkflowSubStatus.Executing;
            await ExecuteQueueAsync();
            if (State.Status == WorkflowStatus.Running)
            {
                _frames.SettleStatus();
            }
        }

        State.UpdatedAt = Now;
        _step.HasMoreWork = State.Status == WorkflowStatus.Running && State.Queue.Count > 0 && !_faultedStop;
        _step.StatusChanged = statusBefore != (State.Status, State.SubStatus);
        return _step;
    }

    /// <summary>Creates a frame for <paramref name="node"/> and queues it.</summary>
    internal ActivityFrame ScheduleFrame(ActivityNode node, string? parentId, string? tag, Dictionary<string, object?>? locals) =>
        _frames.Schedule(node, parentId, tag, locals);

    internal IDictionary<string, object?> CreateVariables(ActivityFrame frame, Dictionary<string, object?> writes) =>
        _variables.CreateVariables(frame, writes);

    internal string? ResolveVariableName(ActivityFrame frame, string reference) => _variables.ResolveVariableName(frame, reference);

    internal ExpressionContext CreateExpressionContext(ActivityFrame frame, Dictionary<string, object?> writes) =>
        _variables.CreateExpressionContext(frame, writes);

    internal static string NewId() => Guid.CreateVersion7().ToString("N");

    private async Task ExecuteQueueAsync()
    {
        var executed = 0;
        while (State.Queue.Count > 0 && State.Status == WorkflowStatus.Running && !_faultedStop)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var head = State.FindFrame(State.Queue[0]);
            if (head is null)
            {
                State.Queue.RemoveAt(0);
                continue;
            }

            if (Workflow.GetNode(head.NodeId).Descriptor.HasOutsideEffect)
            {
                var batch = State.Queue
                    .Select(id => State.FindFrame(id))
                    .Where(f => f is not null && Workflow.GetNode(f.NodeId).Descriptor.HasOutsideEffect)
                    .Take(_runner.Options.MaxParallelEffects)
                    .Cast<ActivityFrame>()
                    .ToList();
                foreach (var f in batch)
                {
                    State.Queue.Remove(f.Id);
                }

                var prepared = new List<PreparedActivity>(batch.Count);
                foreach (var f in batch)
                {
                    prepared.Add(await PrepareAsync(f));
                }

                await Task.WhenAll(prepared.Where(p => p.Failure is null).Select(InvokeAsync));
                foreach (var p in prepared)
                {
                    await ApplyAsync(p);
                }

                _step.ActivitiesExecuted += batch.Count;
                _step.EffectActivitiesExecuted += batch.Count;
                return; // an outside effect is a commit boundary
            }

            State.Queue.RemoveAt(0);
            var single = await PrepareAsync(head);
            if (single.Failure is null)
            {
                await InvokeAsync(single);
            }

            await ApplyAsync(single);
            _step.ActivitiesExecuted++;
            if (++executed >= _runner.Options.MaxActivitiesPerStep)
            {
                return;
            }
        }
    }

    /// <summary>Evaluates the inputs and opens the journal record.</summary>
    private async Task<PreparedActivity> PrepareAsync(ActivityFrame frame)
    {
        var node = Workflow.GetNode(frame.NodeId);
        var now = Now;
        frame.StartedAt ??= now;
        var resuming = frame.Resuming;
        if (!resuming)
        {
            frame.RecordId = ExecutionRecordId.New(State.Id);
        }

        frame.RecordId ??= ExecutionRecordId.New(State.Id);
        var record = _journal.NewRecord(frame, node, resuming ? frame.StartedAt.Value : now);
        var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        var writes = new Dictionary<string, object?>(StringComparer.Ordinal);
        var expressionContext = _variables.CreateExpressionContext(frame, writes);
        Exception? failure = null;
        foreach (var descriptor in node.Descriptor.Inputs)
        {
            var input = (Input?)descriptor.Property.GetValue(node.Activity);
            try
            {
                inputs[descriptor.Name] = input?.Expression is { } expression
                    ? await _runner.Evaluators.Get(expression.Type).EvaluateAsync(expression, descriptor.ValueType, expressionContext, _cancellationToken)
                    : descriptor.DefaultValue is { } dv ? ValueConverter.ConvertTo(dv, descriptor.ValueType) : null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_cancellationToken.IsCancellationRequested)
            {
                failure = ExpressionException.ForInput(node.DisplayName, node.Type, descriptor.Name, ex);
                break;
            }
        }

        if (!resuming)
        {
            record.ActivityState = ExecutionJournal.RedactInputs(node, inputs);
            _journal.AddLog(frame, node, "Started", null, null, null);
        }

        var context = new ActivityExecutionContext(this, frame, node, inputs, _cancellationToken);
        foreach (var (k, v) in writes)
        {
            context.VariableWrites[k] = v;
        }

        return new PreparedActivity(frame, node, context, record, failure);
    }

    private async Task InvokeAsync(PreparedActivity p)
    {
        using var span = WorkflowTelemetry.StartDetail("activity", p.Node.Type);
        span?.SetTag("workflow.instance_id", State.Id);
        span?.SetTag("activity.node_id", p.Node.NodeId);
        span?.SetTag("activity.attempt", p.Frame.Attempt);
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (p.Frame.Resuming)
            {
                await p.Node.Activity.ResumeAsync(p.Context);
            }
            else
            {
                await p.Node.Activity.ExecuteAsync(p.Context);
            }
        }
        catch (Exception ex) when (!_cancellationToken.IsCancellationRequested)
        {
            p.Failure = ex;
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
        }
        finally
        {
            WorkflowTelemetry.ActivityDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new KeyValuePair<string, object?>("activity.type", p.Node.Type));
        }
    }

    private async Task ApplyAsync(PreparedActivity p)
    {
        var frame = p.Frame;
        if (State.FindFrame(frame.Id) is null)
        {
            // Cancelled while it ran beside another effect (a WaitAny join fired): its effect is journalled, its outcome goes nowhere.
            p.Record.Outputs = p.Context.OutputValues.Count == 0 ? null : ExecutionJournal.ToJsonObject(p.Context.OutputValues.ToDictionary(v => v.Key, v => ValueConverter.ToJson(v.Value)));
            p.Record.Exception = p.Failure is null ? null : ExceptionInfo.From(p.Failure, includeStackTrace: false);
            _journal.CloseRecord(p.Record, ActivityExecutionStatus.Canceled, []);
            return;
        }

        frame.Resuming = false;
        frame.Payload = null;
        if (State.TriggerNodeId == frame.NodeId)
        {
            State.TriggerNodeId = null; // the trigger has run; if the flow loops back to it, it waits like any other
        }

        if (p.Failure is not null)
        {
            await HandleFailureAsync(p);
            return;
        }

        await ApplyContextAsync(p.Context, p.Record);
    }

    /// <summary>Applies what an activity (or a container hearing of a child) reported through its context.</summary>
    private async Task ApplyContextAsync(ActivityExecutionContext context, ActivityExecutionRecord record)
    {
        var frame = context.Frame;
        var node = context.Node;
        _variables.ApplyWrites(context, record);
        foreach (var (message, source, payload) in context.LogEntries)
        {
            _journal.AddLog(frame, node, "Info", message, source, payload);
        }

        if (context.HttpResponse is { } response)
        {
            _step.HttpResponses.Add(response);
        }

        if (context.FinishWorkflowRequested)
        {
            _journal.CloseRecord(record, ActivityExecutionStatus.Completed, ["Done"]);
            _frames.CancelAll(except: frame.Id);
            State.Frames.Clear();
            _frames.Finish(WorkflowSubStatus.Finished);
            return;
        }

        foreach (var id in context.CancelRequests)
        {
            if (State.FindFrame(id) is { } child)
            {
                _frames.Cancel(child);
            }
        }

        if (context.BookmarkRequests.Count > 0)
        {
            _frames.Suspend(context, record);
            return;
        }

        foreach (var (childNode, tag, locals) in context.ChildRequests)
        {
            _frames.Schedule(childNode, frame.Id, tag, locals);
        }

        if (context.Outcomes is { } outcomes)
        {
            await CompleteFrameAsync(frame, node, record, outcomes);
            return;
        }

        if (context.ChildRequests.Count > 0 || State.Frames.Exists(f => f.ParentId == frame.Id))
        {
            frame.Status = FrameStatus.Running;
            _journal.KeepOpen(record);
            return;
        }

        await CompleteFrameAsync(frame, node, record, ["Done"]);
    }

    private async Task CompleteFrameAsync(ActivityFrame frame, ActivityNode node, ActivityExecutionRecord record, IReadOnlyList<string> outcomes)
    {
        _journal.CloseRecord(record, ActivityExecutionStatus.Completed, outcomes);
        _journal.AddLog(frame, node, "Completed", null, null, new JsonObject { ["Outcomes"] = new JsonArray([.. outcomes.Select(o => (JsonNode?)o)]) });
        _frames.Complete(frame, node, outcomes);
        if (frame.ParentId is null)
        {
            _frames.Finish(WorkflowSubStatus.Finished);
            return;
        }

        await NotifyParentAsync(frame, node, outcomes);
    }

    private async Task NotifyParentAsync(ActivityFrame child, ActivityNode childNode, IReadOnlyList<string> outcomes)
    {
        var parent = State.FindFrame(child.ParentId!);
        if (parent is null)
        {
            return;
        }

        var parentNode = Workflow.GetNode(parent.NodeId);
        var context = new ActivityExecutionContext(this, parent, parentNode, [], _cancellationToken);
        var record = _journal.NewRecord(parent, parentNode, parent.StartedAt ?? Now);
        record.ActivityState = null; // keep what the journal already holds
        try
        {
            await parentNode.Activity.OnChildCompletedAsync(context, new ChildCompletion(childNode, outcomes, child.Tag));
        }
        catch (Exception ex) when (!_cancellationToken.IsCancellationRequested)
        {
            await HandleFailureAsync(new PreparedActivity(parent, parentNode, context, record, ex));
            return;
        }

        await ApplyContextAsync(context, record);
    }

    private async Task HandleFailureAsync(PreparedActivity p)
    {
        var (frame, node, record, exception) = (p.Frame, p.Node, p.Record, p.Failure!);
        var expected = exception is ExpressionException or ActivityException or HttpRequestException;
        record.Exception = ExceptionInfo.From(exception, includeStackTrace: !expected);
        _journal.CloseRecord(record, ActivityExecutionStatus.Faulted, []);
        var now = Now;
        frame.FirstFailedAt ??= now;
        var policy = RetryDecision.PolicyFor(node.RetryPolicy, node.Descriptor.Namespace, _runner.Options);
        var decision = RetryDecision.Decide(exception, frame.Attempt, frame.FirstFailedAt.Value, policy, Workflow.Options.Incident, now, _runner.Random.NextDouble());
        if (decision is { Outcome: RetryOutcome.Retry, RetryAt: { } retryAt })
        {
            frame.Status = FrameStatus.RetryScheduled;
            frame.RetryAt = retryAt;
            _step.WakeUps.Add(new WakeUp(WakeUpKind.RetryActivity, retryAt, frame.Id));
            _journal.AddLog(frame, node, "Faulted", decision.Message, null,
                new JsonObject { ["attempt"] = frame.Attempt, ["retryAt"] = retryAt.ToString("O") });
            _runner.Logger.LogInformation("Activity {NodeId} of instance {InstanceId} failed on attempt {Attempt}; next attempt at {RetryAt}",
                node.NodeId, State.Id, frame.Attempt, retryAt);
            return;
        }

        var incident = new Incident(node.Id, node.NodeId, node.Type, decision.Message, record.Exception, now);
        State.Incidents.Add(incident);
        _step.IncidentsAdded.Add(incident);
        _journal.AddLog(frame, node, "Faulted", decision.Message, null, null);
        _runner.Logger.LogWarning("Activity {NodeId} of instance {InstanceId} faulted: {ExceptionType}", node.NodeId, State.Id, exception.GetType().Name);

        if (decision.Outcome == RetryOutcome.Incident)
        {
            // The rest of the workflow goes on: the faulted activity leaves its container with no outcome.
            State.Frames.Remove(frame);
            if (frame.ParentId is not null)
            {
                await NotifyParentAsync(frame, node, []);
            }

            return;
        }

        frame.Status = FrameStatus.Faulted;
        State.Fault = new WorkflowFault(decision.Message, node.Id, record.Exception);
        _faultedStop = true;
        State.Status = WorkflowStatus.Finished;
        State.SubStatus = WorkflowSubStatus.Faulted;
        State.FinishedAt = now;
    }
}
