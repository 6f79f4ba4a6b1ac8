using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's DispatchWorkflow: fires and forgets an instance of the published version of another workflow (with the given input
/// and correlation id) and goes on at once, unless <c>WaitForCompletion</c> is set; then it waits durably, as
/// <see cref="ExecuteWorkflow"/> does. <c>Result</c> is the child instance's id.
/// </summary>
[Activity("Elsa", "Composition", "Create a new workflow instance of the specified workflow and dispatch it for execution.",
    TypeName = "Elsa.DispatchWorkflow", DisplayName = "Dispatch Workflow", Kind = ActivityKind.Task, HasOutsideEffect = true)]
public sealed class DispatchWorkflow : Activity
{
    [Input(Description = "The definition ID of the workflow to dispatch.", UIHint = "workflow-definition-picker", Order = 0)]
    public Input<string> WorkflowDefinitionId { get; set; } = new();

    [Input(Description = "The correlation ID to associate the workflow with.", Order = 1)]
    public Input<string> CorrelationId { get; set; } = new();

    [Input(Description = "The input to send to the workflow.", UIHint = InputUIHints.MultiLine, Order = 2)]
    public Input<object> Input { get; set; } = new();

    [Input(Description = "Wait for the child workflow to complete before completing this activity.", UIHint = InputUIHints.Checkbox, Order = 3)]
    public Input<bool> WaitForCompletion { get; set; } = new();

    [Output(Description = "The id of the dispatched instance.")]
    public Output<string> Result { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var childId = await ChildWorkflows.StartAsync(context, context.Get(WorkflowDefinitionId), context.Get(CorrelationId), context.Get(Input));
        context.Set(Result, childId);
        if (context.Get(WaitForCompletion))
        {
            ChildWorkflows.Await(context, childId);
        }
        else
        {
            context.Complete();
        }
    }

    public override async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        if (await ChildWorkflows.FinishedChildAsync(context) is { } child)
        {
            context.Set(Result, child.State.Id);
            context.Complete();
        }
    }
}
