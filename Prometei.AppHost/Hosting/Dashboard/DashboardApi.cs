using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Prometei.AppHost.Hosting.Orchestration;

namespace Prometei.AppHost.Hosting.Dashboard;

/// <summary>
/// The dashboard's routes: <c>/</c> (the page), <c>GET /api/resources</c>, <c>GET /api/resources/{name}/logs?after=N</c>,
/// <c>POST /api/resources/{name}/{stop|start|restart}</c>, <c>GET /api/parameters/{name}</c>. Every route needs the token.
/// </summary>
internal static class DashboardApi
{
    public const string CookieName = "prometei-apphost";
    private const int MaxLogEntries = 2000;

    public static void MapDashboard(this WebApplication app, ResourceOrchestrator orchestrator, IReadOnlyList<ParameterResource> parameters, string token)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path == "/" && request.Query.TryGetValue("t", out var offered))
            {
                if (!Matches(offered.ToString(), token))
                {
                    await Refuse(context, "This token is not the one the AppHost printed for this run.");
                    return;
                }

                context.Response.Cookies.Append(CookieName, token, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Path = "/",
                    IsEssential = true,
                });
                context.Response.Redirect("/");
                return;
            }

            var bearer = request.Headers.Authorization.ToString();
            var authorized = Matches(request.Cookies[CookieName], token)
                || (bearer.StartsWith("Bearer ", StringComparison.Ordinal) && Matches(bearer["Bearer ".Length..], token));
            if (!authorized)
            {
                await Refuse(context, "Open the dashboard with the link the AppHost printed at start (…/?t=TOKEN).");
                return;
            }

            await next(context);
        });

        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        app.MapGet("/dashboard.js", () => Asset("dashboard.js", "text/javascript; charset=utf-8"));
        app.MapGet("/dashboard.css", () => Asset("dashboard.css", "text/css; charset=utf-8"));

        var api = app.MapGroup("/api");
        api.MapGet("/resources", () => TypedResults.Ok(new
        {
            resources = orchestrator.Runtimes.Select(r => r.Snapshot()).ToList(),
            parameters = parameters.Select(p => new { name = p.Name, secret = p.Secret, source = p.Source }).ToList(),
            appHost = new { processId = Environment.ProcessId },
        }));
        api.MapGet("/resources/{name}/logs", Results<Ok<LogPage>, NotFound> (string name, long? after, int? limit) =>
            orchestrator.Find(name) is { } runtime
                ? TypedResults.Ok(LogPage.From(runtime.Log.Read(after ?? 0, Math.Clamp(limit ?? MaxLogEntries, 1, MaxLogEntries)), after ?? 0))
                : TypedResults.NotFound());
        api.MapPost("/resources/{name}/{command}", Results<Accepted, NotFound, ProblemHttpResult> (string name, string command) =>
        {
            if (orchestrator.Find(name) is not { } runtime)
            {
                return TypedResults.NotFound();
            }

            if (!runtime.CanBeControlled)
            {
                return TypedResults.Problem($"'{name}' can't be stopped or started from here.", statusCode: StatusCodes.Status409Conflict);
            }

            Func<string, Task>? action = command switch
            {
                "stop" => orchestrator.StopAsync,
                "start" => orchestrator.StartAsync,
                "restart" => orchestrator.RestartAsync,
                _ => null,
            };
            if (action is null)
            {
                return TypedResults.Problem($"Unknown command '{command}': stop, start or restart.", statusCode: StatusCodes.Status400BadRequest);
            }

            // The command runs on; the page follows its progress through the resource's state and log.
            _ = Task.Run(() => action(name));
            return TypedResults.Accepted((string?)null);
        });
        api.MapGet("/parameters/{name}", Results<Ok<ParameterValue>, NotFound> (string name) =>
            parameters.FirstOrDefault(p => p.Name == name) is { } parameter
                ? TypedResults.Ok(new ParameterValue(parameter.Name, parameter.Value))
                : TypedResults.NotFound());
    }

    private static IResult Asset(string name, string contentType)
    {
        var stream = typeof(DashboardApi).Assembly.GetManifestResourceStream("Prometei.AppHost.Dashboard." + name)
            ?? throw new InvalidOperationException($"The dashboard's {name} is not embedded in the AppHost.");
        return TypedResults.Stream(stream, contentType);
    }

    private static async Task Refuse(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message);
    }

    private static bool Matches(string? offered, string token) =>
        offered is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(offered)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
