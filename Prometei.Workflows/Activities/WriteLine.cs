using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>Elsa's WriteLine: writes a line to the instance's execution log.</summary>
[Activity("Elsa", "Console", "Write a line of text to the execution log.", TypeName = "Elsa.WriteLine", DisplayName = "Write Line")]
public sealed class WriteLine : Activity
{
    [Input(Description = "The text to write.")]
    public Input<string> Text { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Log(context.Get(Text) ?? "", source: "WriteLine");
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
