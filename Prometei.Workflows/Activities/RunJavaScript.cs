using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's RunJavaScript: runs a script with the JavaScript expression globals, sets its completion value as
/// <c>Result</c>, and continues on <c>Done</c>, or on the outcomes the script names with <c>setOutcome(name)</c> or
/// <c>setOutcomes([…])</c> (listed in <c>PossibleOutcomes</c> so the designer draws them). A runaway script is stopped by
/// the JavaScript limits and faults this activity.
/// </summary>
[Activity("Elsa", "Scripting", "Executes JavaScript code", TypeName = "Elsa.RunJavaScript", DisplayName = "Run JavaScript")]
public sealed class RunJavaScript : Activity
{
    [Input(Description = "The script to run.", UIHint = InputUIHints.CodeEditor)]
    public Input<string> Script { get; set; } = new();

    [Input(Description = "A list of possible outcomes. Use setOutcome(outcome) or setOutcomes([…]) to set the outcome(s) from the script.",
        UIHint = "dynamic-outcomes", DefaultSyntax = "Object")]
    public Input<List<string>> PossibleOutcomes { get; set; } = new();

    [Output(Description = "The value the script returned.")]
    public Output<object> Result { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var script = context.Get(Script);
        IReadOnlyList<string>? outcomes = null;
        var result = string.IsNullOrWhiteSpace(script)
            ? null
            : await context.EvaluateAsync(new Expression("JavaScript", JsonValue.Create(script)), typeof(object), chosen => outcomes = chosen);
        context.Set(Result, result);
        if (outcomes is { Count: > 0 })
        {
            context.Complete([.. outcomes]);
        }
        else
        {
            context.Complete();
        }
    }
}
