using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Runtime;

/// <summary>
/// The answer an HTTP caller gets when the instance it waits for faults before its <c>WriteHttpResponse</c>: a 500 problem
/// at once, stored like a written response (so a caller waiting on another node gets it too), instead of a 202 after the
/// timeout. It names the instance, never the fault's message (which may quote data).
/// </summary>
public static class FaultedHttpResponse
{
    /// <summary>Adds the problem to <paramref name="step"/> when this step faulted an instance whose caller waits for a response.</summary>
    public static void AddIfFaulted(Workflow workflow, WorkflowState state, ExecutionStep step)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(step);
        if (workflow.WritesHttpResponse && step.StatusChanged && step.HttpResponses.Count == 0
            && state.SubStatus == WorkflowSubStatus.Faulted && HasHttpTrigger(workflow))
        {
            step.HttpResponses.Add(Create(state.Id));
        }
    }

    public static HttpResponseData Create(string instanceId) => new(
        StatusCodes.Status500InternalServerError,
        "application/problem+json",
        new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
            ["title"] = "The workflow faulted before it wrote its HTTP response.",
            ["status"] = StatusCodes.Status500InternalServerError,
            ["workflowInstanceId"] = instanceId,
        }.ToJsonString(),
        new Dictionary<string, string>());

    // The trigger node id is cleared once the trigger ran; a stored answer nobody waits for is harmless.
    private static bool HasHttpTrigger(Workflow workflow) => workflow.Nodes.Values.Any(n => n.Type == "Elsa.HttpEndpoint");
}
