using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Expressions;

/// <summary>What a C# expression sees as globals: <c>Variables.Count + 1</c>, <c>Input.OrderId</c>, <c>GetVariable&lt;int&gt;("Count")</c>.</summary>
public sealed class CSharpGlobals
{
    private readonly ExpressionContext _context;

    public CSharpGlobals(ExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        Variables = new DynamicVariables(context);
        Input = new DynamicInput(context.Input);
    }

    /// <summary>
    /// The workflow's variables by member name, readable and writable: <c>Variables.Count = Variables.Count + 1</c>.
    /// Reading an undeclared variable throws. Names that are not C# identifiers work as <c>Variables["order-id"]</c>.
    /// </summary>
    public dynamic Variables { get; }

    /// <summary>The workflow's input by member name, read-only; a missing input reads as null.</summary>
    public dynamic Input { get; }

    public string WorkflowInstanceId => _context.WorkflowInstanceId;

    public string? CorrelationId => _context.CorrelationId;

    /// <summary>The variable with the given name (or id), converted to <typeparamref name="T"/>.</summary>
    public T? GetVariable<T>(string name) => ValueConverter.ConvertTo<T>(DynamicVariables.Read(_context, name));

    /// <summary>Sets the variable with the given name (or id), storing the value in its plain form.</summary>
    public void SetVariable(string name, object? value) => DynamicVariables.Write(_context, name, value);

    /// <summary>The last output of the activity with the given id or name, or null.</summary>
    public object? GetOutput(string activityIdOrName, string outputName = "Output") =>
        Readable(_context.GetActivityOutput(activityIdOrName, outputName));

    /// <summary>The workflow input with the given name converted to <typeparamref name="T"/>, or the default when absent.</summary>
    public T? GetInput<T>(string name) =>
        _context.Input.TryGetValue(name, out var value) ? ValueConverter.ConvertTo<T>(value) : default;

    /// <summary>JSON handed in from outside becomes plain values, so <c>dynamic</c> member access works on it.</summary>
    internal static object? Readable(object? value) => value switch
    {
        JsonNode node => ValueConverter.FromJson(node),
        JsonElement element => ValueConverter.FromJson(ValueConverter.ToJson(element)),
        _ => value,
    };
}
