using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Api.Tests;

internal sealed record WorkflowDefinitionHandle(string? DefinitionId, string? VersionOptions, string? DefinitionVersionId);

internal sealed record ActivityHandle(string? ActivityId, string? ActivityNodeId, string? ActivityInstanceId, string? ActivityHash);

internal sealed record TestActivityRequest(WorkflowDefinitionHandle? WorkflowDefinitionHandle, ActivityHandle? ActivityHandle);

/// <summary>The outcome of one test run of an activity. <c>status</c> is Elsa's activity status.</summary>
internal sealed record TestActivityResponse(JsonObject ActivityState, JsonObject? Payload, JsonObject Outputs, ExceptionInfo? Exception, ActivityExecutionStatus Status);
