using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's ExecuteWorkflow: starts an instance of the published version of another workflow (a child, in our engine, durable
/// like any instance) with the given input and correlation id. With <c>WaitForCompletion</c> the parent waits, durably, until
/// the child finishes, and <c>Result</c> is Elsa's <c>ExecuteWorkflowResult</c> (<c>workflowInstanceId</c>, <c>status</c>,
/// <c>subStatus</c>, <c>output</c>); without it the parent goes on at once.
/// </summary>
[Activity("Elsa", "Composition", "Create a new workflow instance of the specified workflow and execute it.", TypeName = "Elsa.ExecuteWorkflow",
    DisplayName = "Execute Workflow", Kind = ActivityKind.Task, HasOutsideEffect = true)]
public sealed class ExecuteWorkflow : Activity
{
    [Input(Description = "The definition ID of the workflow to execute.", UIHint = "workflow-definition-picker", Order = 0)]
    public Input<string> WorkflowDefinitionId { get; set; } = new();

    [Input(Description = "The correlation ID to associate the workflow with.", Order = 1)]
    public Input<string> CorrelationId { get; set; } = new();

    [Input(Description = "The input to send to the workflow.", UIHint = InputUIHints.MultiLine, Order = 2)]
    public Input<object> Input { get; set; } = new();

    [Input(Description = "Wait for the child workflow to complete before completing this activity.", UIHint = InputUIHints.Checkbox, Order = 3)]
    public Input<bool> WaitForCompletion { get; set; } = new();

    [Output(Description = "The child's id, status, sub-status and output.")]
    public Output<object> Result { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var childId = await ChildWorkflows.StartAsync(context, context.Get(WorkflowDefinitionId), context.Get(CorrelationId), context.Get(Input));
        if (context.Get(WaitForCompletion))
        {
            ChildWorkflows.Await(context, childId);
        }
        else
        {
            context.Set(Result, new Dictionary<string, object?> { ["workflowInstanceId"] = childId, ["status"] = "Running", ["subStatus"] = "Pending" });
            context.Complete();
        }
    }

    public override async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        if (await ChildWorkflows.FinishedChildAsync(context) is { } child)
        {
            context.Set(Result, ChildWorkflows.Result(child));
            context.Complete();
        }
    }
}
