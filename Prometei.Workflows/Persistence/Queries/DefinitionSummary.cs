namespace Prometei.Workflows.Persistence.Queries;

/// <summary>One version of a definition without its graph, for lists.</summary>
public sealed record DefinitionSummary(
    string Id,
    string DefinitionId,
    int Version,
    string? Name,
    string? Description,
    bool IsLatest,
    bool IsPublished,
    bool IsReadonly,
    DateTimeOffset CreatedAt,
    string? ToolVersion);
