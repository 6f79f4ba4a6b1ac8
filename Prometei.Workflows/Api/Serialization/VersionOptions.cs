using System.Globalization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.Serialization;

/// <summary>Elsa's <c>versionOptions</c>: <c>Latest</c>, <c>Published</c>, …, a version number, or empty for "any version".</summary>
internal static class VersionOptions
{
    /// <summary>Parses <paramref name="text"/>: null keeps <paramref name="missing"/>, empty means no filter, unknown text fails.</summary>
    public static bool TryParse(string? text, VersionFilter missing, out VersionFilter filter)
    {
        filter = missing;
        if (text is null)
        {
            return true;
        }

        var value = text.Trim();
        if (value.Length == 0)
        {
            filter = VersionFilter.Any;
            return true;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
        {
            filter = new VersionFilter(VersionFilterKind.Specific, version);
            return true;
        }

        if (Enum.TryParse<VersionFilterKind>(value, ignoreCase: true, out var kind) && kind is not VersionFilterKind.Specific and not VersionFilterKind.Any)
        {
            filter = new VersionFilter(kind == VersionFilterKind.AllVersions ? VersionFilterKind.Any : kind);
            return true;
        }

        return false;
    }

    public static string Error(string? text) =>
        $"'{text}' is not a version option: use Latest, Published, LatestOrPublished, LatestAndPublished, Draft, AllVersions or a version number.";
}
