using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Prometei.Testing;

/// <summary>
/// Sends one request without credentials to every route a running app maps (taken from its <see cref="EndpointDataSource"/>,
/// so a route added later is walked too), for each method it accepts, and reports the answers.
/// </summary>
public static class RouteWalk
{
    private static readonly string[] s_anyMethod = ["GET", "POST", "PUT", "DELETE"];

    /// <summary>The routes of the app in <paramref name="services"/>, each with the concrete path a probe uses.</summary>
    public static IReadOnlyList<(string Method, string Pattern, string Path)> Routes(IServiceProvider services, IReadOnlyDictionary<string, string>? samples = null) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? s_anyMethod)
                .Where(m => m is not ("HEAD" or "OPTIONS"))
                .Select(m => (m, "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'), Fill(e.RoutePattern, samples))))
            .Distinct()
            .OrderBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.m, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Probes every route of <paramref name="services"/> through <paramref name="anonymous"/> (no credentials, no redirects
    /// followed); <paramref name="samples"/> gives values for named route parameters (others become <c>1</c>).
    /// </summary>
    public static async Task<IReadOnlyList<RouteProbe>> WalkAsync(IServiceProvider services, HttpClient anonymous, IReadOnlyDictionary<string, string>? samples = null)
    {
        var probes = new List<RouteProbe>();
        foreach (var (method, pattern, path) in Routes(services, samples))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is not "GET")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            using var response = await anonymous.SendAsync(request);
            probes.Add(new RouteProbe(method, pattern, path, (int)response.StatusCode, response.Headers.Location?.OriginalString));
        }

        return probes;
    }

    /// <summary>A concrete path for a pattern: each parameter becomes <c>1</c>, a catch-all <c>walk/1</c>.</summary>
    private static string Fill(RoutePattern pattern, IReadOnlyDictionary<string, string>? samples)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart p when samples?.TryGetValue(p.Name, out var sample) == true => sample,
                    RoutePatternParameterPart { IsCatchAll: true } => "walk/1",
                    RoutePatternParameterPart => "1",
                    _ => "",
                });
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }
}

/// <summary>One anonymous request of a <see cref="RouteWalk"/> and its answer.</summary>
public sealed record RouteProbe(string Method, string Pattern, string Path, int Status, string? Location)
{
    public override string ToString() => $"{Method} {Pattern} ({Path}) → {Status}{(Location is null ? "" : " " + Location)}";
}
