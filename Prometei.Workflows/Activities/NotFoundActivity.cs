using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's placeholder for an activity type this server does not have (see <see cref="NotFoundActivities"/>): it lets an
/// imported draft open in the Studio. A definition holding one is never published, so this never runs in practice.
/// </summary>
[Activity("Elsa", "System", "A placeholder activity that will be used in case a workflow definition references an activity type that cannot be found.",
    TypeName = NotFoundActivities.TypeName, DisplayName = "Not Found", IsBrowsable = false)]
public sealed class NotFoundActivity : Activity
{
    [Input(Description = "The type name of the missing activity type.", IsWrapped = false)]
    public Input<string> MissingTypeName { get; set; } = new();

    [Input(Description = "The version of the missing activity type.", IsWrapped = false)]
    public Input<int> MissingTypeVersion { get; set; } = new();

    [Input(Description = "The original activity JSON.", UIHint = InputUIHints.MultiLine, IsWrapped = false)]
    public Input<string> OriginalActivityJson { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context) =>
        throw new ActivityException($"Activity type '{context.Get(MissingTypeName)}' is not available on this server.", isTransient: false);
}
