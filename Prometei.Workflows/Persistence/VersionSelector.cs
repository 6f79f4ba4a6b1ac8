namespace Prometei.Workflows.Persistence;

/// <summary>Which version of a definition to read (Elsa's <c>versionOptions</c>).</summary>
public enum VersionSelector
{
    Latest,
    Published,
    LatestOrPublished,
}
