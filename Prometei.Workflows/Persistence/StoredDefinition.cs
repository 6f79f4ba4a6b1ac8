using System.Text.Json.Nodes;

namespace Prometei.Workflows.Persistence;

/// <summary>One stored version of a workflow definition. <see cref="Data"/> is Elsa's JSON with the flags kept in step.</summary>
public sealed record StoredDefinition(
    string Id,
    string DefinitionId,
    int Version,
    string? Name,
    string? Description,
    bool IsLatest,
    bool IsPublished,
    bool IsReadonly,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? SourceHash,
    JsonObject Data);
