using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities;

/// <summary>Elsa's SetVariable: assigns a value to a workflow variable.</summary>
[Activity("Elsa", "Primitives", "Assign a value to a workflow variable.", TypeName = "Elsa.SetVariable", DisplayName = "Set Variable")]
public sealed class SetVariable : Activity
{
    [Input(Description = "The variable to assign the value to.", UIHint = InputUIHints.VariablePicker, IsWrapped = false, Order = 0)]
    public Input<object> Variable { get; set; } = new();

    [Input(Description = "The value to assign.", Order = 1)]
    public Input<object> Value { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var reference = VariableReference(context.Get(Variable))
            ?? throw new ActivityException($"Activity '{Node.DisplayName}': no variable is selected.", isTransient: false);
        var name = context.ResolveVariableName(reference)
            ?? throw new ActivityException($"Activity '{Node.DisplayName}': the workflow has no variable '{reference}'.", isTransient: false);
        context.SetVariable(name, ConvertToDeclaredType(context, name, context.Get(Value)));
        context.Complete();
        return ValueTask.CompletedTask;
    }

    /// <summary>As in Elsa, the value takes the variable's declared type: a Literal typed in Studio is text, "5" for an Int32.</summary>
    private object? ConvertToDeclaredType(ActivityExecutionContext context, string name, object? value)
    {
        if (context.Workflow.Variables.FirstOrDefault(v => v.Name == name) is not { IsArray: false } declared
            || ValueConverter.ResolveTypeName(declared.TypeName) is not { } type || type == typeof(object))
        {
            return value;
        }

        try
        {
            return ValueConverter.ConvertTo(value, type);
        }
        catch (InvalidCastException ex)
        {
            throw new ActivityException($"Activity '{Node.DisplayName}': the value does not fit variable '{name}': {ex.Message}", isTransient: false, innerException: ex);
        }
    }

    /// <summary>The picker stores the variable object (<c>{id, name, …}</c>), or its JSON text; a plain name also works.</summary>
    internal static string? VariableReference(object? value) => value switch
    {
        null => null,
        IDictionary<string, object?> d => (d.TryGetValue("id", out var id) ? id as string : null) ?? (d.TryGetValue("name", out var n) ? n as string : null),
        string s when s.TrimStart().StartsWith('{') => VariableReference(JsonNode.Parse(s)),
        string s => s,
        JsonObject o => (o["id"] as JsonValue)?.GetValue<string>() ?? (o["name"] as JsonValue)?.GetValue<string>(),
        _ => value.ToString(),
    };
}
