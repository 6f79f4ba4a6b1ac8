namespace Prometei.Workflows.Persistence.Queries;

/// <summary>Elsa's version options, as a filter over the versions of definitions.</summary>
public enum VersionFilterKind
{
    /// <summary>No filter (an empty <c>versionOptions</c>).</summary>
    Any,
    Latest,
    Published,

    /// <summary>The latest and the published versions (both rows when they differ), as Elsa filters.</summary>
    LatestOrPublished,
    LatestAndPublished,

    /// <summary>Versions that are not published.</summary>
    Draft,
    AllVersions,

    /// <summary>One version number.</summary>
    Specific,
}
