using System.Text.Json.Nodes;

namespace Prometei.Fakes.Hosting;

/// <summary>A vendor answer written as the vendor writes it (its JSON shapes and HTML error pages are not our DTOs).</summary>
internal sealed class VendorResult(int status, string? body, string contentType, IReadOnlyDictionary<string, string>? headers = null) : IResult
{
    /// <summary>A hand-shaped JSON body, or none when <paramref name="body"/> is null.</summary>
    public static VendorResult Json(int status, JsonNode? body, string contentType, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, body?.ToJsonString(), contentType, headers);

    /// <summary>An nginx-style error page, the way blocked accounts and overloaded front ends answer.</summary>
    public static VendorResult NginxPage(int status, string reason, IReadOnlyDictionary<string, string>? headers = null) => new(
        status,
        $"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        "text/html; charset=UTF-8",
        headers);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            httpContext.Response.Headers[name] = value;
        }

        if (body is null)
        {
            return;
        }

        httpContext.Response.ContentType = contentType;
        await httpContext.Response.WriteAsync(body, httpContext.RequestAborted);
    }
}
