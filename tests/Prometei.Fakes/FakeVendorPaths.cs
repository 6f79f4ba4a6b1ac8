using System.Diagnostics.CodeAnalysis;

namespace Prometei.Fakes;

/// <summary>The path prefix of each vendor and the base URLs a client uses.</summary>
public static class FakeVendorPaths
{
    /// <summary>Prefix of the fake amoCRM; sub-paths mirror <c>https://{subdomain}.amocrm.ru</c>.</summary>
    public const string AmoCrm = "/amocrm";

    /// <summary>Prefix of the fake Kaspi.kz; sub-paths mirror <c>https://kaspi.kz</c>.</summary>
    public const string Kaspi = "/kaspi";

    /// <summary>Kaspi's API base below the prefix, as in <c>https://kaspi.kz/shop/api/v2</c>.</summary>
    public const string KaspiApiBase = "/kaspi/shop/api/v2";

    /// <summary>Prefix of the fake ERP.</summary>
    public const string Erp = "/erp";

    /// <summary>Prefix of the control API that tests and the sandbox use.</summary>
    public const string Control = "/_control";

    private static readonly (string Prefix, FakeVendor Vendor)[] s_prefixes =
    [
        (AmoCrm, FakeVendor.AmoCrm),
        (Kaspi, FakeVendor.Kaspi),
        (Erp, FakeVendor.Erp),
    ];

    /// <summary>The route segment of a vendor in the control API: <c>amocrm</c>, <c>kaspi</c> or <c>erp</c>.</summary>
    public static string Segment(FakeVendor vendor) => vendor switch
    {
        FakeVendor.AmoCrm => "amocrm",
        FakeVendor.Kaspi => "kaspi",
        FakeVendor.Erp => "erp",
        _ => throw new ArgumentOutOfRangeException(nameof(vendor), vendor, null),
    };

    /// <summary>Parses a control-API route segment (case-insensitive).</summary>
    public static bool TryParseSegment(string? segment, out FakeVendor vendor)
    {
        foreach (var candidate in Enum.GetValues<FakeVendor>())
        {
            if (string.Equals(Segment(candidate), segment, StringComparison.OrdinalIgnoreCase))
            {
                vendor = candidate;
                return true;
            }
        }

        vendor = default;
        return false;
    }

    /// <summary>Finds the vendor that serves a request path and the path below its prefix.</summary>
    internal static bool TryMatch(string path, out FakeVendor vendor, [NotNullWhen(true)] out string? vendorPath)
    {
        foreach (var (prefix, candidate) in s_prefixes)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && (path.Length == prefix.Length || path[prefix.Length] == '/'))
            {
                vendor = candidate;
                vendorPath = path.Length == prefix.Length ? "/" : path[prefix.Length..];
                return true;
            }
        }

        vendor = default;
        vendorPath = null;
        return false;
    }
}
