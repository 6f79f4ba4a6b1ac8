namespace Prometei.Workflows.Persistence.Queries;

/// <summary>A filtered, ordered, optionally paged list of definition versions.</summary>
/// <param name="Versions">Which versions.</param>
/// <param name="DefinitionIds">Only these definitions (empty: all).</param>
/// <param name="Ids">Only these version ids (empty: all).</param>
/// <param name="SearchTerm">Matched anywhere in the name, description, version id and definition id.</param>
/// <param name="OrderBy">The order.</param>
/// <param name="Descending">Whether the order is reversed.</param>
/// <param name="Page">The 0-based page; with <paramref name="PageSize"/>, or every match when either is missing.</param>
/// <param name="PageSize">The page size.</param>
public sealed record DefinitionListQuery(
    VersionFilter Versions,
    IReadOnlyList<string> DefinitionIds,
    IReadOnlyList<string> Ids,
    string? SearchTerm,
    DefinitionOrder OrderBy,
    bool Descending,
    int? Page,
    int? PageSize);
