using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace Prometei.Workflows.Studio;

/// <summary>
/// Our own pages and assets around the Studio elements (<c>Studio/Shell/</c>, embedded in the assembly): the host page
/// template, the sign-in page template, <c>shell.js</c> and <c>shell.css</c>.
/// </summary>
public sealed partial class StudioShell
{
    private const string ResourcePrefix = "Prometei.Workflows.Studio.Shell.";

    private static readonly Dictionary<string, string> s_assetTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    private readonly Dictionary<string, ShellAsset> _assets;
    private readonly string _pageTemplate;
    private readonly string _signInTemplate;

    public StudioShell()
    {
        var assembly = typeof(StudioShell).Assembly;
        var texts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToDictionary(n => n[ResourcePrefix.Length..], n => Read(assembly, n), StringComparer.OrdinalIgnoreCase);
        _pageTemplate = texts["page.html"];
        _signInTemplate = texts["signin.html"];
        _assets = texts
            .Where(t => s_assetTypes.ContainsKey(Path.GetExtension(t.Key)))
            .ToDictionary(t => t.Key, t => new ShellAsset(t.Value, s_assetTypes[Path.GetExtension(t.Key)], Tag(t.Value)), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The pages that show an element, by the name <c>shell.js</c> knows them by.</summary>
    public static class Pages
    {
        public const string Definitions = "definitions";
        public const string Editor = "editor";
        public const string Instances = "instances";
        public const string Viewer = "viewer";
    }

    /// <summary>A host page: the template with the base href, the page and its id filled in (all HTML-encoded).</summary>
    public IResult Page(HttpContext context, string page, string title, string userName, string? definitionId = null, string? instanceId = null)
    {
        var html = Fill(_pageTemplate, new Dictionary<string, string?>
        {
            ["Base"] = BaseHref(context),
            ["Title"] = title,
            ["Page"] = page,
            ["DefinitionId"] = definitionId,
            ["InstanceId"] = instanceId,
            ["UserName"] = userName,
        });
        return Html(context, html, StatusCodes.Status200OK);
    }

    /// <summary>The sign-in form; <paramref name="error"/> is shown above it when set.</summary>
    public IResult SignInPage(HttpContext context, int statusCode, string antiforgeryField, string antiforgeryToken, string returnUrl, string? userName, string? error)
    {
        var html = Fill(_signInTemplate, new Dictionary<string, string?>
        {
            ["Base"] = BaseHref(context),
            ["Error"] = error,
            ["ErrorHidden"] = error is null ? "hidden" : null,
            ["UserName"] = userName,
            ["ReturnUrl"] = returnUrl,
            ["AntiforgeryField"] = antiforgeryField,
            ["AntiforgeryToken"] = antiforgeryToken,
        });
        return Html(context, html, statusCode);
    }

    /// <summary>One of our assets (<c>shell.js</c>, <c>shell.css</c>), revalidated on each load.</summary>
    public IResult Asset(HttpContext context, string name)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "private, no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: asset.Tag);
    }

    /// <summary>The base href of the Studio for this request: <c>{PathBase}/studio/</c>.</summary>
    public static string BaseHref(HttpContext context) => $"{context.Request.PathBase}{StudioApi.BasePath}/";

    /// <summary>Replaces each <c>{{Key}}</c> with its HTML-encoded value (empty when null or unknown), in one pass.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string?> values) =>
        PlaceholderPattern().Replace(template, m => WebUtility.HtmlEncode(values.GetValueOrDefault(m.Groups[1].Value) ?? ""));

    [GeneratedRegex(@"\{\{(\w+)\}\}")]
    private static partial Regex PlaceholderPattern();

    private static IResult Html(HttpContext context, string html, int statusCode)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache, no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static EntityTagHeaderValue Tag(string content) =>
        new($"\"{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)))[..16]}\"");

    private sealed record ShellAsset(byte[] Content, string ContentType, EntityTagHeaderValue Tag)
    {
        public ShellAsset(string text, string contentType, EntityTagHeaderValue tag)
            : this(System.Text.Encoding.UTF8.GetBytes(text), contentType, tag)
        {
        }
    }
}
