namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>The instances a bulk retry queued again.</summary>
internal sealed record RetriedInstancesResponse(IReadOnlyList<string> WorkflowInstanceIds);
