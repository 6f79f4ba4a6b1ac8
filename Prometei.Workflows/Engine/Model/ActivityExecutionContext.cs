using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Model;

/// <summary>
/// What an activity sees while it runs, and how it reports back. Everything an activity does through the context is
/// buffered and applied by the engine after the activity returns, so activities with an outside effect can run side by side
/// and a failed attempt leaves no trace in the instance's state.
/// </summary>
public sealed partial class ActivityExecutionContext
{
    private readonly WorkflowExecution _execution;
    private readonly Dictionary<string, object?> _inputs;

    internal ActivityExecutionContext(WorkflowExecution execution, ActivityFrame frame, ActivityNode node, Dictionary<string, object?> inputs, CancellationToken cancellationToken)
    {
        _execution = execution;
        Frame = frame;
        Node = node;
        _inputs = inputs;
        CancellationToken = cancellationToken;
    }

    internal ActivityFrame Frame { get; }

    public ActivityNode Node { get; }

    public Workflow Workflow => _execution.Workflow;

    public string WorkflowInstanceId => _execution.State.Id;

    public string? CorrelationId => _execution.State.CorrelationId;

    /// <summary>The activity instance id.</summary>
    public string ActivityInstanceId => Frame.Id;

    /// <summary>The current attempt, 1-based.</summary>
    public int Attempt => Frame.Attempt;

    /// <summary>The same for every attempt and rerun of this execution, different for the next execution of the node.</summary>
    public string IdempotencyKey => $"{WorkflowInstanceId}:{Node.NodeId}:{Frame.Iteration}";

    public IServiceProvider Services => _execution.Services;

    public TimeProvider Time => _execution.Time;

    public CancellationToken CancellationToken { get; }

    /// <summary>The frame's own state, kept across resumes and child completions.</summary>
    public IDictionary<string, JsonNode?> State => Frame.Properties;

    /// <summary>The bookmark payload when the activity is resumed.</summary>
    public JsonNode? ResumePayload => Frame.Resuming ? Frame.Payload : null;

    public bool IsResuming => Frame.Resuming;

    /// <summary>Whether this activity is the trigger that started the instance (it then completes instead of waiting).</summary>
    public bool IsTriggerOfInstance => _execution.State.TriggerNodeId == Node.NodeId;

    /// <summary>What the trigger received (the HTTP request, the event body) when <see cref="IsTriggerOfInstance"/>: the instance's input.</summary>
    public JsonObject? TriggerPayload => IsTriggerOfInstance ? InputAsObject() : null;

    public IReadOnlyDictionary<string, JsonNode?> WorkflowInput => _execution.State.Input;

    /// <summary>The node of the trigger that started the instance, until that trigger has run.</summary>
    public string? InstanceTriggerNodeId => _execution.State.TriggerNodeId;

    /// <summary>The name of the variable a reference (a name, an id, a loop local) points to, or null.</summary>
    public string? ResolveVariableName(string reference) => _execution.ResolveVariableName(Frame, reference);

    private JsonObject InputAsObject()
    {
        var result = new JsonObject();
        foreach (var (k, v) in _execution.State.Input)
        {
            result[k] = v?.DeepClone();
        }

        return result;
    }

    internal List<string>? Outcomes { get; private set; }

    internal Dictionary<string, object?> OutputValues { get; } = [];

    internal Dictionary<string, object?> VariableWrites { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, object?> WorkflowOutputWrites { get; } = [];

    internal List<(string Message, string? Source, JsonNode? Payload)> LogEntries { get; } = [];

    internal List<(string Name, DateTimeOffset? ResumeAt, JsonNode? Payload)> BookmarkRequests { get; } = [];

    internal List<(ActivityNode Node, string? Tag, Dictionary<string, object?>? Locals)> ChildRequests { get; } = [];

    internal List<string> CancelRequests { get; } = [];

    internal bool FinishWorkflowRequested { get; private set; }

    internal HttpResponseData? HttpResponse { get; private set; }

    internal IReadOnlyDictionary<string, object?> EvaluatedInputs => _inputs;

    /// <summary>The evaluated value of an input.</summary>
    public T? Get<T>(Input<T>? input)
    {
        if (input is null)
        {
            return default;
        }

        foreach (var descriptor in Node.Descriptor.Inputs)
        {
            if (ReferenceEquals(descriptor.Property.GetValue(Node.Activity), input))
            {
                return _inputs.TryGetValue(descriptor.Name, out var v) ? (T?)ValueConverter.ConvertTo(v, typeof(T)) : default;
            }
        }

        return default;
    }

    /// <summary>Sets an output; when it is bound to a variable, the variable gets the value too.</summary>
    public void Set<T>(Output<T>? output, T? value)
    {
        if (output is null)
        {
            return;
        }

        foreach (var descriptor in Node.Descriptor.Outputs)
        {
            if (ReferenceEquals(descriptor.Property.GetValue(Node.Activity), output))
            {
                OutputValues[descriptor.Name] = value;
                return;
            }
        }
    }

    /// <summary>
    /// Sets an output by name, for an activity whose outputs are not properties of its class (a workflow used as an
    /// activity has its child definition's outputs).
    /// </summary>
    public void SetOutput(string name, object? value) => OutputValues[name] = value;

    /// <summary>A variable's value by name or id, as this activity sees it (its own writes, loop locals, then the workflow's).</summary>
    public object? GetVariable(string nameOrId) => _execution.CreateVariables(Frame, VariableWrites).TryGetValue(nameOrId, out var v) ? v : null;

    public void SetVariable(string nameOrId, object? value) => VariableWrites[_execution.ResolveVariableName(Frame, nameOrId) ?? nameOrId] = value;

    public void SetWorkflowOutput(string name, object? value) => WorkflowOutputWrites[name] = value;

    /// <summary>
    /// Evaluates <paramref name="expression"/> as an input would be (same globals; variable writes pend until this
    /// activity completes), for activities that run code they are given, such as <c>Elsa.RunJavaScript</c>.
    /// </summary>
    public ValueTask<object?> EvaluateAsync(Expressions.Expression expression, Type targetType, Action<IReadOnlyList<string>>? setOutcomes = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var expressionContext = _execution.CreateExpressionContext(Frame, VariableWrites);
        expressionContext.SetOutcomes = setOutcomes;
        return _execution.Evaluators.EvaluateAsync(expression, targetType, expressionContext, CancellationToken);
    }

    /// <summary>Completes the activity with the given outcomes (default <c>Done</c>).</summary>
    public void Complete(params string[] outcomes) => Outcomes = outcomes.Length == 0 ? ["Done"] : [.. outcomes];

    /// <summary>Suspends the activity until a stimulus with this name arrives, or until <paramref name="resumeAt"/>.</summary>
    public void CreateBookmark(string name, DateTimeOffset? resumeAt = null, JsonNode? payload = null) => BookmarkRequests.Add((name, resumeAt, payload));

    /// <summary>Schedules a child activity; the container hears of its completion in <see cref="Activity.OnChildCompletedAsync"/>.</summary>
    public void ScheduleChild(ActivityNode child, string? tag = null, Dictionary<string, object?>? locals = null) => ChildRequests.Add((child, tag, locals));

    /// <summary>The children of this activity that have not completed.</summary>
    public IReadOnlyList<(string FrameId, ActivityNode Node)> ActiveChildren =>
        _execution.State.Frames.Where(f => f.ParentId == Frame.Id && !CancelRequests.Contains(f.Id))
            .Select(f => (f.Id, _execution.Workflow.GetNode(f.NodeId))).ToList();

    /// <summary>Cancels a child (and its descendants).</summary>
    public void CancelChild(string frameId) => CancelRequests.Add(frameId);

    /// <summary>Writes a line to the instance's execution log.</summary>
    public void Log(string message, string? source = null, JsonNode? payload = null) => LogEntries.Add((message, source, payload));

    /// <summary>Ends the whole workflow at once.</summary>
    public void FinishWorkflow() => FinishWorkflowRequested = true;

    /// <summary>Sends the HTTP response to the caller that started the instance.</summary>
    public void WriteHttpResponse(HttpResponseData response) => HttpResponse = response;
}
