using System.Globalization;

namespace Prometei.Workflows.Persistence.Queries;

/// <summary>Which versions of a definition a query reads (Elsa's <c>versionOptions</c>).</summary>
public readonly record struct VersionFilter(VersionFilterKind Kind, int Version = 0)
{
    public static VersionFilter Latest => new(VersionFilterKind.Latest);

    public static VersionFilter Published => new(VersionFilterKind.Published);

    public static VersionFilter Any => new(VersionFilterKind.Any);

    /// <summary>The condition on <c>workflow_definitions</c>; it holds no user text (the version is an integer).</summary>
    internal string Sql => Kind switch
    {
        VersionFilterKind.Latest => "is_latest",
        VersionFilterKind.Published => "is_published",
        VersionFilterKind.LatestOrPublished => "(is_latest OR is_published)",
        VersionFilterKind.LatestAndPublished => "(is_latest AND is_published)",
        VersionFilterKind.Draft => "NOT is_published",
        VersionFilterKind.Specific => "version = " + Version.ToString(CultureInfo.InvariantCulture),
        _ => "true",
    };
}
