using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Prometei.ServiceDefaults.Telemetry;

/// <summary>
/// Stands in for OpenTelemetry.Instrumentation.AspNetCore, which can't be restored here: ASP.NET Core's own
/// "Microsoft.AspNetCore" activity carries no tags, so this first middleware adds the HTTP semantic-convention ones and
/// leaves health probes (<c>/health</c>, <c>/alive</c>) out of traces.
/// </summary>
internal sealed class HttpServerActivityStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(TagActivityAsync);
        next(app);
    };

    private static async Task TagActivityAsync(HttpContext context, RequestDelegate next)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (activity is null || !activity.IsAllDataRequested)
        {
            await next(context);
            return;
        }

        var request = context.Request;
        if (request.Path.StartsWithSegments(Extensions.HealthEndpointPath, StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments(Extensions.AlivenessEndpointPath, StringComparison.OrdinalIgnoreCase))
        {
            // The SDK hands an activity to its processors on stop only while IsAllDataRequested is set; clearing
            // Recorded also tells exporters and downstream services that this trace is not sampled.
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            await next(context);
            return;
        }

        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", request.Path.Value);
        activity.SetTag("server.address", request.Host.Host);
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            activity.SetTag("error.type", exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error);
            throw;
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            if (route is not null)
            {
                activity.SetTag("http.route", route);
            }

            activity.DisplayName = route is null ? request.Method : $"{request.Method} {route}";
            activity.SetTag("http.response.status_code", context.Response.StatusCode);
            if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }
}
