using System.Text.Json.Nodes;

namespace Prometei.Workflows.Api.Alterations;

internal sealed record RetryWorkflowsRequest(IReadOnlyList<string>? WorkflowInstanceIds, IReadOnlyList<string>? ActivityIds);

internal sealed record AlterationLog(IReadOnlyList<JsonObject> LogEntries);

internal sealed record RetryResult(string WorkflowInstanceId, AlterationLog Log, bool WorkflowHasScheduledWork, bool IsSuccessful);

internal sealed record RetryWorkflowsResponse(IReadOnlyList<RetryResult> Results);
