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
/// and collects everything else the runtime must write in an <see cref="ExecutionStep"/>.
/// </summary>
internal sealed class WorkflowExecution
{
    private const string RedactedValue = "***";

    private readonly WorkflowRunner _runner;
    private readonly ExecutionStep _step = new();
    private readonly CancellationToken _cancellationToken;
    private Dictionary<string, object?>? _inputClr;
    private bool _faultedStop;

    public WorkflowExecution(WorkflowRunner runner, Workflow workflow, WorkflowState state, CancellationToken cancellationToken)
    {
        _runner = runner;
        Workflow = workflow;
        State = state;
        _cancellationToken = cancellationToken;
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
        ApplyStimulus(stimulus);

        if (State.Status == WorkflowStatus.Running)
        {
            State.SubStatus = WorkflowSubStatus.Executing;
            await ExecuteQueueAsync();
            if (State.Status == WorkflowStatus.Running)
            {
                SettleStatus();
            }
        }

        State.UpdatedAt = Now;
        _step.HasMoreWork = State.Status == WorkflowStatus.Running && State.Queue.Count > 0 && !_faultedStop;
        _step.StatusChanged = statusBefore != (State.Status, State.SubStatus);
        return _step;
    }

    private void ApplyStimulus(Stimulus stimulus)
    {
        switch (stimulus)
        {
            case Stimulus.ResumeBookmark resume:
                var bookmark = State.Bookmarks.Find(b => b.Id == resume.BookmarkId);
                if (bookmark is null || State.Status != WorkflowStatus.Running)
                {
                    return; // resumed already, or the instance ended: a repeated stimulus does nothing
                }

                RemoveBookmark(bookmark);
                if (State.FindFrame(bookmark.FrameId) is { } frame)
                {
                    frame.Resuming = true;
                    frame.Payload = resume.Payload?.DeepClone();
                    frame.Status = FrameStatus.Scheduled;
                    State.Queue.Add(frame.Id);
                    AddLog(frame, Workflow.GetNode(frame.NodeId), "Resumed", null, null, resume.Payload?.DeepClone());
                }

                break;

            case Stimulus.RetryActivity retry:
                if (State.FindFrame(retry.FrameId) is { Status: FrameStatus.RetryScheduled } retried && State.Status == WorkflowStatus.Running)
                {
                    retried.Status = FrameStatus.Scheduled;
                    retried.Attempt++;
                    retried.RetryAt = null;
                    State.Queue.Add(retried.Id);
                }

                break;

            case Stimulus.RetryFaulted:
                var faulted = State.Frames.Where(f => f.Status == FrameStatus.Faulted).ToList();
                if (faulted.Count == 0)
                {
                    return;
                }

                foreach (var f in faulted)
                {
                    f.Status = FrameStatus.Scheduled;
                    f.Attempt = 1;
                    f.FirstFailedAt = null;
                    State.Queue.Insert(0, f.Id);
                }

                State.Status = WorkflowStatus.Running;
                State.SubStatus = WorkflowSubStatus.Executing;
                State.Fault = null;
                State.FinishedAt = null;
                break;

            case Stimulus.Cancel:
                if (State.Status != WorkflowStatus.Running && State.SubStatus != WorkflowSubStatus.Faulted)
                {
                    return;
                }

                foreach (var f in State.Frames.Where(f => f.ParentId is null).ToList())
                {
                    CancelFrame(f);
                }

                State.Queue.Clear();
                Finish(WorkflowSubStatus.Cancelled);
                break;
        }
    }

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

                var prepared = new List<Prepared>(batch.Count);
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
    private async Task<Prepared> PrepareAsync(ActivityFrame frame)
    {
        var node = Workflow.GetNode(frame.NodeId);
        var now = Now;
        frame.StartedAt ??= now;
        var resuming = frame.Resuming;
        if (!resuming)
        {
            frame.RecordId = NewId();
        }

        frame.RecordId ??= NewId();
        var record = NewRecord(frame, node, resuming ? frame.StartedAt.Value : now);
        var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        var writes = new Dictionary<string, object?>(StringComparer.Ordinal);
        var expressionContext = CreateExpressionContext(frame, writes);
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
                failure = new ExpressionException(
                    $"Activity '{node.DisplayName}' ({node.Type}): input '{descriptor.Name}' could not be evaluated: {ex.Message}", ex);
                break;
            }
        }

        if (!resuming)
        {
            record.ActivityState = RedactInputs(node, inputs);
            AddLog(frame, node, "Started", null, null, null);
        }

        var context = new ActivityExecutionContext(this, frame, node, inputs, _cancellationToken);
        foreach (var (k, v) in writes)
        {
            context.VariableWrites[k] = v;
        }

        return new Prepared(frame, node, context, record, failure);
    }

    private async Task InvokeAsync(Prepared p)
    {
        using var span = WorkflowTelemetry.Source.StartActivity($"activity {p.Node.Type}");
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

    private async Task ApplyAsync(Prepared p)
    {
        var frame = p.Frame;
        if (State.FindFrame(frame.Id) is null)
        {
            // Cancelled while it ran beside another effect (a WaitAny join fired): its effect is journalled, its outcome goes nowhere.
            p.Record.Outputs = p.Context.OutputValues.Count == 0 ? null : ToJsonObject(p.Context.OutputValues.ToDictionary(v => v.Key, v => ValueConverter.ToJson(v.Value)));
            p.Record.Exception = p.Failure is null ? null : ExceptionInfo.From(p.Failure, includeStackTrace: false);
            CloseRecord(p.Record, ActivityExecutionStatus.Canceled, []);
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
        new VariableScope(State, FrameChain(frame), context.VariableWrites).Commit();
        foreach (var (name, value) in context.WorkflowOutputWrites)
        {
            State.Output[name] = ValueConverter.ToJson(value);
        }

        foreach (var (message, source, payload) in context.LogEntries)
        {
            AddLog(frame, node, "Info", message, source, payload);
        }

        if (context.OutputValues.Count > 0)
        {
            var outputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var (name, value) in context.OutputValues)
            {
                outputs[name] = ValueConverter.ToJson(value);
            }

            State.ActivityOutputs[node.NodeId] = outputs;
            record.Outputs = ToJsonObject(outputs);
            foreach (var descriptor in node.Descriptor.Outputs)
            {
                if (context.OutputValues.TryGetValue(descriptor.Name, out var value)
                    && ((Output?)descriptor.Property.GetValue(node.Activity))?.MemoryReferenceId is { } target)
                {
                    var variable = ResolveVariableName(frame, target);
                    if (variable is not null)
                    {
                        var scope = new VariableScope(State, FrameChain(frame), new() { [variable] = value });
                        scope.Commit();
                    }
                    else
                    {
                        State.Output[target] = ValueConverter.ToJson(value);
                    }
                }
            }
        }

        if (context.HttpResponse is { } response)
        {
            _step.HttpResponses.Add(response);
        }

        if (context.FinishWorkflowRequested)
        {
            CloseRecord(record, ActivityExecutionStatus.Completed, ["Done"]);
            foreach (var f in State.Frames.Where(f => f.ParentId is null).ToList())
            {
                CancelFrame(f, except: frame.Id);
            }

            State.Frames.Clear();
            State.Queue.Clear();
            Finish(WorkflowSubStatus.Finished);
            return;
        }

        foreach (var id in context.CancelRequests)
        {
            if (State.FindFrame(id) is { } child)
            {
                CancelFrame(child);
            }
        }

        if (context.BookmarkRequests.Count > 0)
        {
            frame.Status = FrameStatus.Suspended;
            foreach (var (name, resumeAt, payload) in context.BookmarkRequests)
            {
                var bookmark = new Bookmark(NewId(), frame.Id, node.NodeId, node.Type, name, resumeAt, payload);
                State.Bookmarks.Add(bookmark);
                _step.BookmarksAdded.Add(bookmark);
                if (resumeAt is { } at)
                {
                    _step.WakeUps.Add(new WakeUp(WakeUpKind.ResumeBookmark, at, bookmark.Id));
                }
            }

            record.HasBookmarks = true;
            record.Status = ActivityExecutionStatus.Running;
            _step.Upsert(record);
            AddLog(frame, node, "Suspended", null, null, null);
            return;
        }

        foreach (var (childNode, tag, locals) in context.ChildRequests)
        {
            ScheduleFrame(childNode, frame.Id, tag, locals);
        }

        if (context.Outcomes is { } outcomes)
        {
            await CompleteFrameAsync(frame, node, record, outcomes);
            return;
        }

        if (context.ChildRequests.Count > 0 || State.Frames.Exists(f => f.ParentId == frame.Id))
        {
            frame.Status = FrameStatus.Running;
            record.Status = ActivityExecutionStatus.Running;
            _step.Upsert(record);
            return;
        }

        await CompleteFrameAsync(frame, node, record, ["Done"]);
    }

    private async Task CompleteFrameAsync(ActivityFrame frame, ActivityNode node, ActivityExecutionRecord record, IReadOnlyList<string> outcomes)
    {
        CloseRecord(record, ActivityExecutionStatus.Completed, outcomes);
        AddLog(frame, node, "Completed", null, null, new JsonObject { ["Outcomes"] = new JsonArray([.. outcomes.Select(o => (JsonNode?)o)]) });
        foreach (var child in State.Frames.Where(f => f.ParentId == frame.Id).ToList())
        {
            CancelFrame(child);
        }

        foreach (var bookmark in State.Bookmarks.Where(b => b.FrameId == frame.Id).ToList())
        {
            RemoveBookmark(bookmark);
        }

        State.Frames.Remove(frame);
        State.Queue.Remove(frame.Id);

        if (frame.ParentId is null)
        {
            Finish(WorkflowSubStatus.Finished);
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
        var record = NewRecord(parent, parentNode, parent.StartedAt ?? Now);
        record.ActivityState = null; // keep what the journal already holds
        try
        {
            await parentNode.Activity.OnChildCompletedAsync(context, new ChildCompletion(childNode, outcomes, child.Tag));
        }
        catch (Exception ex) when (!_cancellationToken.IsCancellationRequested)
        {
            await HandleFailureAsync(new Prepared(parent, parentNode, context, record, ex));
            return;
        }

        await ApplyContextAsync(context, record);
    }

    private async Task HandleFailureAsync(Prepared p)
    {
        var (frame, node, record, exception) = (p.Frame, p.Node, p.Record, p.Failure!);
        var transient = ActivityFailure.IsTransient(exception);
        var expected = exception is ExpressionException or ActivityException or HttpRequestException;
        record.Exception = ExceptionInfo.From(exception, includeStackTrace: !expected);
        CloseRecord(record, ActivityExecutionStatus.Faulted, []);
        var policy = node.RetryPolicy
            ?? (_runner.Options.NamespaceRetryPolicies.TryGetValue(node.Descriptor.Namespace, out var byNamespace) ? byNamespace : null)
            ?? _runner.Options.DefaultRetryPolicy;
        frame.FirstFailedAt ??= Now;
        if (transient && policy.Allows(frame.Attempt, frame.FirstFailedAt.Value, Now))
        {
            var delay = policy.DelayAfter(frame.Attempt, _runner.Random);
            if (exception is ActivityException { RetryAfter: { } retryAfter } && retryAfter > delay)
            {
                delay = retryAfter;
            }

            frame.Status = FrameStatus.RetryScheduled;
            frame.RetryAt = Now + delay;
            _step.WakeUps.Add(new WakeUp(WakeUpKind.RetryActivity, frame.RetryAt.Value, frame.Id));
            var of = policy.Window is { } window
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{policy.MaxAttempts}, or until {frame.FirstFailedAt.Value + window:O}")
                : policy.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
            AddLog(frame, node, "Faulted", $"Attempt {frame.Attempt} of {of} failed; retrying in {delay.TotalSeconds:0.###} s: {exception.Message}", null,
                new JsonObject { ["attempt"] = frame.Attempt, ["retryAt"] = frame.RetryAt.Value.ToString("O") });
            _runner.Logger.LogInformation("Activity {NodeId} of instance {InstanceId} failed on attempt {Attempt}; next attempt at {RetryAt}",
                node.NodeId, State.Id, frame.Attempt, frame.RetryAt);
            return;
        }

        var message = transient ? $"{exception.Message} (gave up after {frame.Attempt} attempts)" : exception.Message;
        var incident = new Incident(node.Id, node.NodeId, node.Type, message, record.Exception, Now);
        State.Incidents.Add(incident);
        _step.IncidentsAdded.Add(incident);
        AddLog(frame, node, "Faulted", message, null, null);
        _runner.Logger.LogWarning("Activity {NodeId} of instance {InstanceId} faulted: {ExceptionType}", node.NodeId, State.Id, exception.GetType().Name);

        if (Workflow.Options.Incident == IncidentStrategy.Continue)
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
        State.Fault = new WorkflowFault(message, node.Id, record.Exception);
        _faultedStop = true;
        State.Status = WorkflowStatus.Finished;
        State.SubStatus = WorkflowSubStatus.Faulted;
        State.FinishedAt = Now;
    }

    /// <summary>Creates a frame for <paramref name="node"/> and queues it.</summary>
    internal ActivityFrame ScheduleFrame(ActivityNode node, string? parentId, string? tag, Dictionary<string, object?>? locals)
    {
        State.NodeCounters[node.NodeId] = State.NodeCounters.GetValueOrDefault(node.NodeId) + 1;
        var frame = new ActivityFrame
        {
            Id = NewId(),
            ParentId = parentId,
            NodeId = node.NodeId,
            Iteration = State.NodeCounters[node.NodeId],
            Tag = tag,
            ScheduledAt = Now,
        };
        if (locals is not null)
        {
            foreach (var (k, v) in locals)
            {
                frame.Locals[k] = ValueConverter.ToJson(v);
            }
        }

        State.Frames.Add(frame);
        State.Queue.Add(frame.Id);
        return frame;
    }

    private void CancelFrame(ActivityFrame frame, string? except = null)
    {
        foreach (var child in State.Frames.Where(f => f.ParentId == frame.Id).ToList())
        {
            CancelFrame(child, except);
        }

        foreach (var bookmark in State.Bookmarks.Where(b => b.FrameId == frame.Id).ToList())
        {
            RemoveBookmark(bookmark);
        }

        State.Frames.Remove(frame);
        State.Queue.Remove(frame.Id);
        if (frame.Id != except && frame.RecordId is not null && frame.StartedAt is not null)
        {
            var node = Workflow.GetNode(frame.NodeId);
            var record = NewRecord(frame, node, frame.StartedAt.Value);
            record.ActivityState = null;
            CloseRecord(record, ActivityExecutionStatus.Canceled, []);
        }
    }

    private void RemoveBookmark(Bookmark bookmark)
    {
        State.Bookmarks.Remove(bookmark);
        _step.BookmarksRemoved.Add(bookmark.Id);
        _step.BookmarksAdded.RemoveAll(b => b.Id == bookmark.Id);
    }

    private void Finish(WorkflowSubStatus subStatus)
    {
        foreach (var bookmark in State.Bookmarks.ToList())
        {
            RemoveBookmark(bookmark);
        }

        State.Status = WorkflowStatus.Finished;
        State.SubStatus = subStatus;
        State.FinishedAt = Now;
    }

    /// <summary>After the queue ran dry: suspended when something waits, finished when nothing is left.</summary>
    private void SettleStatus()
    {
        if (State.Queue.Count > 0)
        {
            State.SubStatus = WorkflowSubStatus.Executing;
        }
        else if (State.Frames.Count > 0)
        {
            State.SubStatus = WorkflowSubStatus.Suspended;
        }
        else
        {
            Finish(WorkflowSubStatus.Finished);
        }
    }

    private void CloseRecord(ActivityExecutionRecord record, ActivityExecutionStatus status, IReadOnlyList<string> outcomes)
    {
        record.Status = status;
        record.Outcomes = [.. outcomes];
        record.CompletedAt = Now;
        _step.Upsert(record);
    }

    private ActivityExecutionRecord NewRecord(ActivityFrame frame, ActivityNode node, DateTimeOffset startedAt) => new()
    {
        Id = frame.RecordId ?? frame.Id,
        ActivityInstanceId = frame.Id,
        WorkflowInstanceId = State.Id,
        ActivityId = node.Id,
        ActivityNodeId = node.NodeId,
        ActivityType = node.Type,
        ActivityName = node.Name,
        Attempt = frame.Attempt,
        StartedAt = startedAt,
    };

    private void AddLog(ActivityFrame frame, ActivityNode node, string eventName, string? message, string? source, JsonNode? payload)
    {
        _step.Log.Add(new ExecutionLogRecord(
            NewId(), State.Id, frame.Id, frame.ParentId, node.Id, node.Type, node.Name, node.NodeId, Now,
            ++State.LogSequence, eventName, message, source, payload));
    }

    private static JsonObject RedactInputs(ActivityNode node, Dictionary<string, object?> inputs)
    {
        var result = new JsonObject();
        foreach (var descriptor in node.Descriptor.Inputs)
        {
            if (inputs.TryGetValue(descriptor.Name, out var value))
            {
                result[descriptor.Name] = descriptor.IsSensitive && value is not null ? RedactedValue : ValueConverter.ToJson(value);
            }
        }

        return result;
    }

    private static JsonObject ToJsonObject(Dictionary<string, JsonNode?> values)
    {
        var result = new JsonObject();
        foreach (var (k, v) in values)
        {
            result[k] = v?.DeepClone();
        }

        return result;
    }

    /// <summary>The frame and its ancestors, nearest first.</summary>
    private List<ActivityFrame> FrameChain(ActivityFrame frame)
    {
        var chain = new List<ActivityFrame>();
        for (var f = frame; f is not null; f = f.ParentId is null ? null : State.FindFrame(f.ParentId))
        {
            chain.Add(f);
        }

        return chain;
    }

    internal IDictionary<string, object?> CreateVariables(ActivityFrame frame, Dictionary<string, object?> writes) =>
        new VariableScope(State, FrameChain(frame), writes);

    internal string? ResolveVariableName(ActivityFrame frame, string reference)
    {
        foreach (var f in FrameChain(frame))
        {
            if (f.Locals.ContainsKey(reference))
            {
                return reference;
            }
        }

        var byId = Workflow.Variables.FirstOrDefault(v => v.Id == reference) ?? Workflow.Variables.FirstOrDefault(v => v.Name == reference);
        if (byId is not null)
        {
            return byId.Name;
        }

        return State.Variables.ContainsKey(reference) ? reference : null;
    }

    internal ExpressionContext CreateExpressionContext(ActivityFrame frame, Dictionary<string, object?> writes)
    {
        _inputClr ??= State.Input.ToDictionary(p => p.Key, p => ValueConverter.FromJson(p.Value), StringComparer.OrdinalIgnoreCase);
        return new ExpressionContext
        {
            WorkflowInstanceId = State.Id,
            CorrelationId = State.CorrelationId,
            WorkflowDefinitionId = Workflow.DefinitionId,
            WorkflowDefinitionVersionId = Workflow.DefinitionVersionId,
            WorkflowDefinitionVersion = Workflow.Version,
            VariableNames = Workflow.Variables.Select(v => v.Name).ToList(),
            Variables = CreateVariables(frame, writes),
            Input = _inputClr,
            ResolveVariableName = reference => ResolveVariableName(frame, reference),
            GetActivityOutput = (idOrName, outputName) =>
                Workflow.FindByIdOrName(idOrName) is { } n
                && State.ActivityOutputs.TryGetValue(n.NodeId, out var outputs)
                && outputs.TryGetValue(outputName, out var value)
                    ? ValueConverter.FromJson(value)
                    : null,
        };
    }

    internal static string NewId() => Guid.CreateVersion7().ToString("N");

    private sealed class Prepared(ActivityFrame frame, ActivityNode node, ActivityExecutionContext context, ActivityExecutionRecord record, Exception? failure)
    {
        public ActivityFrame Frame { get; } = frame;

        public ActivityNode Node { get; } = node;

        public ActivityExecutionContext Context { get; } = context;

        public ActivityExecutionRecord Record { get; } = record;

        public Exception? Failure { get; set; } = failure;
    }
}
