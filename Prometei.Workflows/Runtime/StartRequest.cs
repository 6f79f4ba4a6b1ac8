using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Runtime;

/// <summary>An instance to start: the workflow, its input, and the trigger that fired (if any).</summary>
public sealed record StartRequest(
    Workflow Workflow,
    IReadOnlyDictionary<string, JsonNode?>? Input = null,
    string? CorrelationId = null,
    string? TriggerNodeId = null,
    string? ReplayOf = null,
    string? InstanceId = null);
