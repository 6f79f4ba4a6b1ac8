using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Prometei.Workflows.Api.Authentication;

namespace Prometei.Workflows.Api;

/// <summary>
/// CORS for <c>/elsa/api</c> when Studio is served from another origin (<c>Elsa:AllowedOrigins</c>). It runs first in the
/// pipeline, before authentication, because a browser's preflight carries no credentials. It answers exactly what Studio
/// needs: the caller's origin if listed, <c>authorization, content-type, x-tenant-id</c>, <c>GET, POST, PUT, DELETE</c>, and
/// it exposes the headers Studio reads after Run and downloads.
/// </summary>
internal sealed class ElsaCorsMiddleware(RequestDelegate next, IOptions<ElsaApiOptions> options)
{
    public const string AllowedHeaders = "authorization, content-type, x-tenant-id";
    public const string AllowedMethods = "GET, POST, PUT, DELETE";
    public const string ExposedHeaders = "x-elsa-workflow-instance-id, x-elsa-workflow-cannot-start, content-disposition";

    private readonly HashSet<string> _origins = new(options.Value.AllowedOrigins.Select(o => o.Trim()), StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments(ElsaApi.BasePath) || request.Headers.Origin is not [{ } origin] || !_origins.Contains(origin))
        {
            return next(context);
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Append("Vary", "Origin");
        if (HttpMethods.IsOptions(request.Method) && !StringValues.IsNullOrEmpty(request.Headers.AccessControlRequestMethod))
        {
            headers.AccessControlAllowHeaders = AllowedHeaders;
            headers.AccessControlAllowMethods = AllowedMethods;
            headers.AccessControlMaxAge = "600";
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        headers.AccessControlExposeHeaders = ExposedHeaders;
        return next(context);
    }
}
