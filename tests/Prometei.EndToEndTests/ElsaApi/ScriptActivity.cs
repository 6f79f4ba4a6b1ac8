using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>An activity with a code-editor input (no built-in has one), registered by the descriptor tests.</summary>
[Activity("Tests", "Tests", "Runs a script.", TypeName = "Tests.Script")]
public sealed class ScriptActivity : Activity
{
    [Input(Description = "The script.", UIHint = InputUIHints.CodeEditor, DefaultSyntax = "CSharp")]
    public Input<string> Script { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
