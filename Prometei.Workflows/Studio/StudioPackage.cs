using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Prometei.Workflows.Studio;

/// <summary>
/// The unpacked <c>@elsa-workflows/elsa-studio-wasm</c> package, served unchanged: the <c>.br</c>/<c>.gz</c> sibling the browser
/// accepts, the content types the .NET loader needs, and cache headers that are long only where a file name carries a hash.
/// </summary>
public sealed class StudioPackage
{
    /// <summary>Where the build installs the package, relative to the project (and so to the content root of <c>dotnet run</c>).</summary>
    public const string InstalledPath = "Studio/package/node_modules/@elsa-workflows/elsa-studio-wasm";

    /// <summary>Where publishing copies the package, relative to the application's folder.</summary>
    public const string PublishedPath = "studio-package";

    private const string BuildPathMetadataKey = "Prometei.StudioPackagePath";

    // The shipped index.html is a sample with a tag 3.8.2 no longer registers; our host pages replace it.
    private static readonly HashSet<string> s_hidden = new(StringComparer.OrdinalIgnoreCase) { "index.html", "package.json" };

    // The two loader entry points keep their names across package versions, so they must be revalidated.
    private static readonly HashSet<string> s_unhashedFramework = new(StringComparer.OrdinalIgnoreCase)
    {
        "_framework/blazor.webassembly.js",
        "_framework/dotnet.js",
    };

    private static readonly FileExtensionContentTypeProvider s_contentTypes = CreateContentTypes();

    private static readonly (string Encoding, string Suffix)[] s_encodingSuffixes = [("br", ".br"), ("gzip", ".gz")];

    private readonly PhysicalFileProvider? _files;

    public StudioPackage(IOptions<StudioOptions> options, IHostEnvironment environment)
    {
        Candidates = CandidatePaths(options.Value.PackagePath, environment.ContentRootPath, AppContext.BaseDirectory, BuildPath());
        Root = Candidates.FirstOrDefault(p => Directory.Exists(Path.Combine(p, "_framework")));
        _files = Root is null ? null : new PhysicalFileProvider(Root, ExclusionFilters.Sensitive);
    }

    /// <summary>The package folder in use, or null when none of <see cref="Candidates"/> holds it.</summary>
    public string? Root { get; }

    /// <summary>The folders looked at, in order.</summary>
    public IReadOnlyList<string> Candidates { get; }

    /// <summary>Why the package can't be served, or null when it can.</summary>
    public string? Problem => Root is not null
        ? null
        : $"The Elsa Studio package is not installed: none of {string.Join(", ", Candidates)} holds _framework/. Build Prometei.Workflows " +
          $"(its build runs npm ci in Prometei.Workflows/Studio/package) or set {StudioOptions.SectionName}:PackagePath to the unpacked package.";

    /// <summary>
    /// The folders to look in: the configured one alone (relative to the content root) when set; otherwise the installed folder under
    /// the content root, the published copy beside the application, and the folder the build installed into.
    /// </summary>
    public static IReadOnlyList<string> CandidatePaths(string? configured, string contentRoot, string baseDirectory, string? buildPath)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return [Path.GetFullPath(configured, contentRoot)];
        }

        var candidates = new List<string>
        {
            Path.GetFullPath(InstalledPath, contentRoot),
            Path.GetFullPath(PublishedPath, baseDirectory),
        };
        if (!string.IsNullOrWhiteSpace(buildPath))
        {
            candidates.Add(Path.GetFullPath(buildPath));
        }

        return candidates.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Serves one file of the package: 404 when it is missing, hidden, or of a type we don't serve.</summary>
    public IResult Serve(HttpContext context, string path)
    {
        if (_files is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The Studio is not available.", detail: Problem);
        }

        var file = _files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null || s_hidden.Contains(path) || !s_contentTypes.TryGetContentType(path, out var contentType))
        {
            return TypedResults.NotFound();
        }

        var encodings = new Dictionary<string, IFileInfo>(StringComparer.Ordinal);
        foreach (var (encoding, suffix) in s_encodingSuffixes)
        {
            var variant = _files.GetFileInfo(path + suffix);
            if (variant.Exists && variant.PhysicalPath is not null)
            {
                encodings[encoding] = variant;
            }
        }

        var chosen = ChooseEncoding(context.Request.GetTypedHeaders().AcceptEncoding, encodings.Keys);
        var served = chosen is null ? file : encodings[chosen];
        var headers = context.Response.Headers;
        if (encodings.Count > 0)
        {
            headers.Vary = HeaderNames.AcceptEncoding;
        }

        if (chosen is not null)
        {
            headers.ContentEncoding = chosen;
        }

        headers.CacheControl = CacheControl(path);
        headers.XContentTypeOptions = "nosniff";
        var tag = new EntityTagHeaderValue($"\"{served.Length:x}-{served.LastModified.UtcTicks:x}{(chosen is null ? "" : "-" + chosen)}\"");
        return TypedResults.PhysicalFile(served.PhysicalPath!, contentType, lastModified: served.LastModified, entityTag: tag);
    }

    /// <summary>
    /// The encoding to serve: Brotli, then gzip, among those the browser accepts (<c>q</c> above zero, or <c>*</c>) and the package
    /// has; null for the plain file.
    /// </summary>
    public static string? ChooseEncoding(IList<StringWithQualityHeaderValue> accepted, IEnumerable<string> available)
    {
        var have = available.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var encoding in new[] { "br", "gzip" })
        {
            if (!have.Contains(encoding))
            {
                continue;
            }

            var match = accepted.FirstOrDefault(a => string.Equals(a.Value.Value, encoding, StringComparison.OrdinalIgnoreCase))
                ?? accepted.FirstOrDefault(a => a.Value.Value == "*");
            if (match is not null && (match.Quality ?? 1) > 0)
            {
                return encoding;
            }
        }

        return null;
    }

    /// <summary>
    /// A year, immutable, for files whose names carry a content hash (everything in <c>_framework/</c> but the two loader entry
    /// points); revalidation (<c>no-cache</c>, with an ETag) for the rest, whose names stay the same when the package changes.
    /// <c>private</c> because the files are served only to a signed-in operator.
    /// </summary>
    public static string CacheControl(string path) =>
        path.StartsWith("_framework/", StringComparison.OrdinalIgnoreCase) && !s_unhashedFramework.Contains(path)
            ? "private, max-age=31536000, immutable"
            : "private, no-cache";

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        var types = provider.Mappings;
        types[".wasm"] = "application/wasm";
        types[".dat"] = "application/octet-stream";
        types[".js"] = "text/javascript";
        types[".mjs"] = "text/javascript";
        types[".woff2"] = "font/woff2";
        types[".webmanifest"] = "application/manifest+json";
        types[".json"] = "application/json";
        types[".map"] = "application/json";
        types[".cur"] = "image/x-icon";
        types[".scss"] = "text/plain";
        return provider;
    }

    private static string? BuildPath() =>
        typeof(StudioPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == BuildPathMetadataKey)?.Value;
}
