using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Prometei.Api.Capabilities;
using Prometei.Api.Hosting;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Ledger;
using Prometei.Api.Operations;
using Prometei.Api.Sync;

namespace Prometei.Api.Endpoints;

/// <summary>
/// Operations (HTTP Basic, <c>admin</c> / <c>ADMIN_BASIC_PASS</c>): <c>/health</c> (the detailed document; the
/// orchestrator's unauthenticated checks are <c>/alive</c> and <c>/health/ready</c>) and <c>/ops/...</c>.
/// </summary>
public static class OperationsApi
{
    public static RouteGroupBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        // ServiceDefaults maps a status-only /health; this one, ordered first, answers instead and needs credentials.
        app.MapGet("/health", HealthAsync)
            .AddEndpointFilter<AdminBasicFilter>()
            .WithOrder(-1)
            .WithTags("Operations")
            .WithSummary("Status, heartbeat age, last Kaspi poll, last error, today's counts, amoCRM token state. 503 when Unhealthy.");

        var ops = app.MapGroup("/ops").WithTags("Operations").AddEndpointFilter<AdminBasicFilter>();
        ops.MapGet("/stats", StatsAsync).WithSummary("Counters for today and the last 7 days.");
        ops.MapGet("/errors", ErrorsAsync).WithSummary("The error log, newest first (page from 1, pageSize up to 500).");
        ops.MapPost("/errors/purge", PurgeAsync).WithSummary("Delete error log entries older than olderThanDays (default: the retention, 30).");
        ops.MapGet("/locks", LocksAsync).WithSummary("Named locks and their leases.");
        ops.MapPost("/locks/unlock", UnlockAsync).WithSummary("Force-unlock: {name} opens one lock; no name opens all and ends every order reservation's lease.");
        ops.MapGet("/amocrm/ids", AmoCrmIdsAsync).RequireVendor(GatewayFlows.AmoCrm).WithSummary("Pipelines with statuses, lead and contact custom fields.");
        ops.MapPost("/amocrm/oauth/exchange", ExchangeAsync).RequireVendor(GatewayFlows.AmoCrm).WithSummary("Connect amoCRM with a pasted authorization code {code}.");
        ops.MapPost("/amocrm/resume", ResumeAsync).WithSummary("Resume amoCRM calls after an account block was lifted.");
        ops.MapPost("/amocrm/contact-index/refresh", RefreshIndexAsync).WithSummary("Bring the contact phone index up to date now.");
        ops.MapGet("/kaspi/probe", KaspiProbeAsync).RequireVendor(GatewayFlows.Kaspi).WithSummary("Find the working Kaspi base URL and check the token.");
        return ops;
    }

    public static async Task<JsonHttpResult<GatewayHealthReport>> HealthAsync(GatewayHealth health, CancellationToken cancellationToken)
    {
        var report = await health.ReportAsync(cancellationToken);
        return TypedResults.Json(report, statusCode: report.Status == "Unhealthy" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    public static async Task<Ok<StatsSummary>> StatsAsync(GatewayHealth health, CancellationToken cancellationToken) =>
        TypedResults.Ok(await health.StatsAsync(cancellationToken));

    public static async Task<Results<Ok<ErrorPage>, ValidationProblem>> ErrorsAsync(
        HttpRequest request, ErrorLog errors, ILogger<ErrorLog> logger, CancellationToken cancellationToken, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > 500)
        {
            return Problems.Invalid(logger, request, new() { ["page"] = ["page from 1, pageSize from 1 to 500."] });
        }

        return TypedResults.Ok(await errors.ListAsync(page, pageSize, cancellationToken));
    }

    public static async Task<Results<Ok<PurgeResult>, ProblemHttpResult, ValidationProblem>> PurgeAsync(
        HttpRequest request, ErrorLog errors, GatewayClock clock, IOptions<GatewayOptions> options, ILogger<ErrorLog> logger, CancellationToken cancellationToken)
    {
        var days = options.Value.ErrorRetention.TotalDays;
        if (request.ContentLength > 0 || request.ContentType is not null)
        {
            var (body, problem) = await JsonBody.ReadObjectAsync(request, logger);
            if (body is null)
            {
                return problem!;
            }

            if (body["olderThanDays"] is { } node)
            {
                if (node is not JsonValue v || !v.TryGetValue<double>(out days) || days < 0 || days > 3650)
                {
                    return Problems.Invalid(logger, request, new() { ["olderThanDays"] = ["A number of days from 0 to 3650."] });
                }
            }
        }

        var deleted = await errors.PurgeAsync(clock.UtcNow.AddDays(-days), cancellationToken);
        return TypedResults.Ok(new PurgeResult(deleted, days));
    }

    public static async Task<Ok<IReadOnlyList<LockEntry>>> LocksAsync(LockStore locks, CancellationToken cancellationToken) =>
        TypedResults.Ok(await locks.ListAsync(cancellationToken));

    public static async Task<Results<Ok<UnlockResult>, ProblemHttpResult, ValidationProblem>> UnlockAsync(
        HttpRequest request, OperationsService operations, ILogger<OperationsService> logger, CancellationToken cancellationToken)
    {
        string? name = null;
        if (request.ContentLength > 0 || request.ContentType is not null)
        {
            var (body, problem) = await JsonBody.ReadObjectAsync(request, logger);
            if (body is null)
            {
                return problem!;
            }

            if (body["name"] is { } node)
            {
                if (node is not JsonValue v || !v.TryGetValue<string>(out name) || string.IsNullOrWhiteSpace(name) || name.Length > 200)
                {
                    return Problems.Invalid(logger, request, new() { ["name"] = ["A lock name (see GET /ops/locks)."] });
                }
            }
        }

        return TypedResults.Ok(await operations.ForceUnlockAsync(name, cancellationToken));
    }

    public static async Task<Ok<AmoCrmIds>> AmoCrmIdsAsync(OperationsService operations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await operations.AmoCrmIdsAsync(cancellationToken));

    public static async Task<Results<Ok<AmoCrmHealth>, ProblemHttpResult, ValidationProblem>> ExchangeAsync(
        HttpRequest request, AmoCrmTokenService tokens, ILogger<AmoCrmTokenService> logger, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(request, logger);
        if (body is null)
        {
            return problem!;
        }

        var code = body["code"] is JsonValue v && v.TryGetValue<string>(out var text) ? text.Trim() : null;
        if (string.IsNullOrEmpty(code) || code.Length > 4096)
        {
            return Problems.Invalid(logger, request, new() { ["code"] = ["The authorization code from the integration's \"Keys and scopes\" tab."] });
        }

        var connection = await tokens.ExchangeCodeAsync(code, null, cancellationToken);
        return TypedResults.Ok(ToHealth(connection));
    }

    public static async Task<Ok<AmoCrmHealth>> ResumeAsync(AmoCrmTokenService tokens, CancellationToken cancellationToken)
    {
        var connection = await tokens.ResumeAsync(cancellationToken);
        return TypedResults.Ok(connection is null
            ? new AmoCrmHealth(AmoCrmConnection.Disconnected, "amoCRM is not connected yet", null, null, null, 0, false)
            : ToHealth(connection));
    }

    public static async Task<Ok<JsonObject>> RefreshIndexAsync(ContactIndex index, ContactPhoneIndexStore store, CancellationToken cancellationToken)
    {
        var requests = await index.RefreshAsync(force: true, cancellationToken);
        return TypedResults.Ok(new JsonObject { ["amoCrmRequests"] = requests, ["phones"] = await store.CountAsync(cancellationToken) });
    }

    public static async Task<Ok<KaspiProbeResult>> KaspiProbeAsync(KaspiProbe probe, CancellationToken cancellationToken) =>
        TypedResults.Ok(await probe.RunAsync(cancellationToken));

    internal static AmoCrmHealth ToHealth(AmoCrmConnection connection) =>
        new(connection.State, connection.StateReason, connection.StateChangedAt, connection.ExpiresAt, connection.RefreshedAt, connection.Generation, connection.IsLongLived);
}
