namespace Prometei.Workflows.Engine.Expressions;

/// <summary>What an expression can see while it is evaluated for one activity execution.</summary>
public sealed class ExpressionContext
{
    /// <summary>The workflow instance's id.</summary>
    public required string WorkflowInstanceId { get; init; }

    /// <summary>The instance's correlation id, if any.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The definition the instance runs (Elsa's <c>getWorkflowDefinitionId()</c>).</summary>
    public string WorkflowDefinitionId { get; init; } = "";

    /// <summary>The definition version's id (Elsa's <c>getWorkflowDefinitionVersionId()</c>).</summary>
    public string WorkflowDefinitionVersionId { get; init; } = "";

    /// <summary>The definition's version number.</summary>
    public int WorkflowDefinitionVersion { get; init; }

    /// <summary>Where a script running as an activity (<c>Elsa.RunJavaScript</c>) sets its outcomes; null elsewhere.</summary>
    public Action<IReadOnlyList<string>>? SetOutcomes { get; set; }

    /// <summary>The names of the variables declared in scope, whether or not they hold a value yet.</summary>
    public IReadOnlyCollection<string> VariableNames { get; init; } = [];

    /// <summary>
    /// The workflow's variables by name, holding plain CLR values: string, bool, long, decimal, double,
    /// <see cref="System.Dynamic.ExpandoObject"/> for JSON objects and <see cref="List{T}"/> of object for JSON arrays.
    /// Writes go straight to the instance's state.
    /// </summary>
    public required IDictionary<string, object?> Variables { get; init; }

    /// <summary>The names of the workflow's declared inputs (Elsa's JavaScript <c>get{Input}()</c> accessors).</summary>
    public IReadOnlyCollection<string> InputNames { get; init; } = [];

    /// <summary>Every named activity's output names (Elsa's JavaScript <c>get{Output}From{ActivityName}()</c> accessors).</summary>
    public IReadOnlyList<(string ActivityName, string OutputName)> ActivityOutputNames { get; init; } = [];

    /// <summary>The workflow's input, by name.</summary>
    public required IReadOnlyDictionary<string, object?> Input { get; init; }

    /// <summary>
    /// Maps a variable reference to the variable's name: a name as it is, a variable id to its name,
    /// or null when no such variable is declared.
    /// </summary>
    public required Func<string, string?> ResolveVariableName { get; init; }

    /// <summary>The last output named <c>outputName</c> of the activity with the given id or name, or null.</summary>
    public required Func<string, string, object?> GetActivityOutput { get; init; }
}
