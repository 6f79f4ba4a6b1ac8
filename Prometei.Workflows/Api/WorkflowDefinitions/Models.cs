using System.Text.Json.Nodes;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>A hypermedia link; Studio reads only <c>rel</c> (<c>publish</c> makes a definition editable).</summary>
internal sealed record Link(string Href, string Rel, string Method);

/// <summary>Elsa's <c>WorkflowDefinitionSummary</c>.</summary>
internal sealed record WorkflowDefinitionSummary(
    string Id,
    string DefinitionId,
    string? Name,
    string? Description,
    int Version,
    string? ToolVersion,
    bool IsLatest,
    bool IsPublished,
    bool IsReadonly,
    bool IsSystem,
    DateTimeOffset CreatedAt,
    string MaterializerName,
    string? ProviderName,
    bool IsMaterializerAvailable,
    IReadOnlyList<Link> Links);

/// <summary>The definition list: a paged list with the top-level <c>bulk-publish</c> link that enables Create and bulk actions.</summary>
internal sealed record WorkflowDefinitionPage(IReadOnlyList<WorkflowDefinitionSummary> Items, long TotalCount, IReadOnlyList<Link> Links);

/// <summary>Elsa's <c>SaveWorkflowDefinitionResponse</c>.</summary>
internal sealed record SaveWorkflowDefinitionResponse(JsonObject WorkflowDefinition, bool AlreadyPublished, int ConsumingWorkflowCount);

internal sealed record IsNameUniqueResponse(bool IsUnique);

internal sealed record DefinitionIdsRequest(IReadOnlyList<string>? DefinitionIds);

internal sealed record VersionIdsRequest(IReadOnlyList<string>? Ids, bool IncludeConsumingWorkflows = false);

internal sealed record BulkPublishResponse(
    IReadOnlyList<string> Published,
    IReadOnlyList<string> AlreadyPublished,
    IReadOnlyList<string> NotFound,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<JsonObject> UpdatedConsumers);

internal sealed record BulkRetractResponse(
    IReadOnlyList<string> Retracted,
    IReadOnlyList<string> AlreadyRetracted,
    IReadOnlyList<string> NotFound,
    IReadOnlyList<string> Skipped);

internal sealed record DeletedResponse(int Deleted);

/// <summary>Elsa's execute request. <c>input</c> becomes the instance's input.</summary>
internal sealed record ExecuteWorkflowDefinitionRequest(string? CorrelationId, string? TriggerActivityId, string? VersionOptions, JsonObject? Input);

internal sealed record ExecuteWorkflowDefinitionResponse(string WorkflowInstanceId);

/// <summary>Elsa's <c>ActivityNode</c> as the subgraph routes write it: the activity with its children inside, its node id and port.</summary>
internal sealed record ActivityNodeModel(string NodeId, string? Port, JsonObject Activity, IReadOnlyList<JsonObject> Parents, IReadOnlyList<JsonObject> Children);

internal sealed record ActivityPathSegment(string ActivityNodeId, string ActivityId, string ActivityType, string PortName, string ActivityName);

internal sealed record SubgraphSegmentsResponse(ActivityNodeModel ChildNode, ActivityNodeModel Container, IReadOnlyList<ActivityPathSegment> PathSegments);
