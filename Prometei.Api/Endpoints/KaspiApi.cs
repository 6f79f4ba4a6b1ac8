using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Ledger;
using Prometei.Api.Sync;

namespace Prometei.Api.Endpoints;

/// <summary>Kaspi endpoints the workflows call (<c>/api/kaspi</c>, internal API key).</summary>
public static class KaspiApi
{
    private static readonly TimeSpan s_maxRange = TimeSpan.FromDays(92);

    public static RouteGroupBuilder MapKaspiApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/kaspi").WithTags("Kaspi").AddEndpointFilter<ApiKeyFilter>();
        group.MapPost("/orders/poll", PollAsync)
            .WithSummary("One poll: new orders since the watermark read, synced to amoCRM, the watermark advanced. Idempotency-Key (the timer slot) required.")
            .Produces<KaspiPollResponse>();
        group.MapPost("/orders/new", NewOrdersAsync)
            .WithSummary("Orders created since a watermark (minus an overlap), in KASPI_ALLOWED_STATES, not processed yet, with entries.")
            .Produces<NewOrdersResponse>();
        group.MapPost("/orders/sync", SyncAsync)
            .WithSummary("Find or create contacts and create leads for a batch of orders, each order once. Idempotency-Key required.")
            .Produces<SyncResponse>();
        group.MapPost("/reconcile", ReconcileAsync)
            .WithSummary("Create missed orders of a window and reflect cancellations and returns on their leads. Idempotency-Key required.")
            .Produces<ReconcileResponse>();
        group.MapGet("/watermark", GetWatermarkAsync)
            .WithSummary("The Kaspi poll's watermark (epoch ms): where the next poll starts, or null before the first.");
        group.MapPost("/watermark", SetWatermarkAsync)
            .WithSummary("Move the Kaspi poll's watermark forward {watermark: epoch ms}; it never moves back, so a repeat is harmless.");
        return group;
    }

    public const string PollWatermark = KaspiPollService.Watermark;

    /// <summary>
    /// The Kaspi poll of one timer slot: <c>{until?: the slot (epoch ms or ISO), firstPollDays?: 1–92, default 3}</c>. Stored
    /// under its Idempotency-Key, so a replay of the slot reads and writes nothing; when there were new orders and none could be
    /// synced, the answer is a 503 that is not stored, so the retry runs again.
    /// </summary>
    public static async Task<Results<JsonHttpResult<JsonNode>, ProblemHttpResult, ValidationProblem>> PollAsync(
        HttpContext http, KaspiPollService poll, IdempotencyRunner idempotency, GatewayClock clock, ILogger<NewOrdersService> logger)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(http.Request, logger);
        if (body is null)
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>();
        DateTimeOffset? until = null;
        if (body["until"] is { } givenUntil)
        {
            if (TimeInput.TryParse(givenUntil, clock.Zone, out var parsed))
            {
                until = parsed;
            }
            else
            {
                errors["until"] = ["Epoch milliseconds, an ISO 8601 date-time or a date (yyyy-MM-dd)."];
            }
        }

        var firstPollDays = 3;
        if (body["firstPollDays"] is { } givenDays)
        {
            if (givenDays is JsonValue v && v.TryGetValue<int>(out var days) && days is > 0 and <= 92)
            {
                firstPollDays = days;
            }
            else
            {
                errors["firstPollDays"] = ["Days, from 1 to 92."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(logger, http.Request, errors);
        }

        return await idempotency.RunAsync(http, "kaspi.poll", body, async ct =>
        {
            var result = await poll.PollAsync(until, firstPollDays, ct);
            return result.New > 0 && result.Created + result.AlreadySynced == 0 && !result.DryRun
                ? IdempotentResult.Problem(503, "No order synced", $"None of the {result.New} new Kaspi orders could be synced this time ({result.Failed} failed, {result.InProgress} in progress).")
                : IdempotentResult.Ok(result);
        });
    }

    public static async Task<Ok<JsonObject>> GetWatermarkAsync(WatermarkStore watermarks, CancellationToken cancellationToken) =>
        TypedResults.Ok(new JsonObject { ["watermark"] = (await watermarks.GetAsync(PollWatermark, cancellationToken))?.Value });

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult, ValidationProblem>> SetWatermarkAsync(
        HttpRequest request, WatermarkStore watermarks, ILogger<NewOrdersService> logger, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(request, logger);
        if (body is null)
        {
            return problem!;
        }

        if (body["watermark"] is not JsonValue value || !value.TryGetValue<long>(out var watermark) || watermark <= 0)
        {
            return Problems.Invalid(logger, request, new() { ["watermark"] = ["Required: epoch milliseconds, a positive number."] });
        }

        await watermarks.SetAsync(PollWatermark, watermark, cancellationToken);
        return TypedResults.Ok(new JsonObject { ["watermark"] = (await watermarks.GetAsync(PollWatermark, cancellationToken))?.Value });
    }

    public static async Task<Results<Ok<NewOrdersResponse>, ProblemHttpResult, ValidationProblem>> NewOrdersAsync(
        HttpRequest request, NewOrdersService service, GatewayClock clock, ILogger<NewOrdersService> logger, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(request, logger);
        if (body is null)
        {
            return problem!;
        }

        if (ReadRange(body, "since", "until", clock, out var since, out var until) is { } errors)
        {
            return Problems.Invalid(logger, request, errors);
        }

        return TypedResults.Ok(await service.GetNewAsync(since, until, cancellationToken));
    }

    public static async Task<Results<JsonHttpResult<JsonNode>, ProblemHttpResult, ValidationProblem>> SyncAsync(
        HttpContext http,
        KaspiOrderSync sync,
        IKaspiClient kaspi,
        IdempotencyRunner idempotency,
        IOptions<GatewayOptions> gateway,
        ILogger<KaspiOrderSync> logger)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(http.Request, logger);
        if (body is null)
        {
            return problem!;
        }

        var request = JsonBody.Deserialize<SyncRequest>(body, out var error);
        if (Validate(request, error, gateway.Value.MaxSyncBatch) is { } errors)
        {
            return Problems.Invalid(logger, http.Request, errors);
        }

        return await idempotency.RunAsync(http, "kaspi.sync", body, async ct =>
        {
            var orders = (request!.Orders ?? []).ToList();
            var missing = new List<SyncOrderResult>();
            foreach (var code in (request.Codes ?? []).Where(c => orders.All(o => o.Code != c)))
            {
                if (await kaspi.GetOrderByCodeAsync(code, ct) is { } order)
                {
                    orders.Add(order);
                }
                else
                {
                    missing.Add(new SyncOrderResult(code, SyncOrderResult.Failed, null, null, false, "Kaspi has no order with this code"));
                }
            }

            var response = await sync.SyncAsync(orders, ct);
            if (missing.Count > 0)
            {
                response = response with { Failed = response.Failed + missing.Count, Orders = [.. response.Orders, .. missing] };
            }

            if (response.Orders.Count > 0 && !response.Orders.Any(o => o.Outcome is SyncOrderResult.Created or SyncOrderResult.AlreadyProcessed or SyncOrderResult.DryRun))
            {
                // Nothing reached an end (every order held by another sync, say one whose process died, or failed on the way).
                // A stored answer would be replayed to every retry with this key, so the caller could never get past these
                // orders; a 5xx is not stored, and the retry runs the sync again (reservations run out, amoCRM comes back).
                var notYet = IdempotentResult.Problem(StatusCodes.Status503ServiceUnavailable, "No order synced",
                    $"{response.InProgress} orders are held by another sync until its reservation runs out and {response.Failed} failed; retry later.");
                notYet.Body["inProgress"] = response.InProgress;
                notYet.Body["failed"] = response.Failed;
                notYet.Body["orders"] = IdempotentResult.Ok(response).Body["orders"]!.DeepClone();
                return notYet;
            }

            return IdempotentResult.Ok(response);
        });
    }

    public static async Task<Results<JsonHttpResult<JsonNode>, ProblemHttpResult, ValidationProblem>> ReconcileAsync(
        HttpContext http, ReconcileService reconcile, IdempotencyRunner idempotency, GatewayClock clock, ILogger<ReconcileService> logger)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(http.Request, logger);
        if (body is null)
        {
            return problem!;
        }

        if (ReadRange(body, "from", "to", clock, out var from, out var to) is { } errors)
        {
            return Problems.Invalid(logger, http.Request, errors);
        }

        return await idempotency.RunAsync(http, "kaspi.reconcile", body, async ct =>
        {
            try
            {
                return IdempotentResult.Ok(await reconcile.ReconcileAsync(from, to ?? clock.UtcNow, ct));
            }
            catch (ReconcileBusyException ex)
            {
                // Not stored: the same key may run once the other reconcile is done.
                return IdempotentResult.Problem(503, "Reconcile busy", ex.Message + " Retry later, or force-unlock it (POST /ops/locks/unlock).");
            }
        });
    }

    /// <summary>Reads a required start and an optional end (epoch ms, ISO date-time or date); null when both are fine.</summary>
    private static Dictionary<string, string[]>? ReadRange(
        JsonObject body, string startName, string endName, GatewayClock clock, out DateTimeOffset start, out DateTimeOffset? end)
    {
        var errors = new Dictionary<string, string[]>();
        end = null;
        if (!TimeInput.TryParse(body[startName], clock.Zone, out start))
        {
            errors[startName] = ["Required: epoch milliseconds, an ISO 8601 date-time or a date (yyyy-MM-dd, Asia/Almaty)."];
        }

        if (body[endName] is not null)
        {
            if (TimeInput.TryParse(body[endName], clock.Zone, out var parsed))
            {
                end = parsed;
            }
            else
            {
                errors[endName] = ["Epoch milliseconds, an ISO 8601 date-time or a date (yyyy-MM-dd)."];
            }
        }

        if (errors.Count == 0)
        {
            var last = end ?? clock.UtcNow;
            if (last < start)
            {
                errors[endName] = [$"{endName} is before {startName}."];
            }
            else if (last - start > s_maxRange)
            {
                errors[startName] = ["The range may span at most 92 days (it is read in 14-day windows)."];
            }
        }

        return errors.Count == 0 ? null : errors;
    }

    private static Dictionary<string, string[]>? Validate(SyncRequest? request, string? error, int maxBatch)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["$"] = [error ?? "The body must be {\"orders\": [...]} or {\"codes\": [...]}."];
            return errors;
        }

        var orders = request.Orders ?? [];
        var codes = request.Codes ?? [];
        if (orders.Count + codes.Count == 0)
        {
            errors["orders"] = ["At least one order (or order code) is required."];
        }

        if (orders.Count + codes.Count > maxBatch)
        {
            errors["orders"] = [$"At most {maxBatch} orders per call."];
        }

        for (var i = 0; i < orders.Count; i++)
        {
            var order = orders[i];
            if (order is null)
            {
                errors[$"orders[{i}]"] = ["An order object is required."];
                continue;
            }

            if (!IsCode(order.Code))
            {
                errors[$"orders[{i}].code"] = ["The Kaspi order code is required (1 to 64 letters, digits or dashes)."];
            }

            if (order.TotalPrice < 0 || order.TotalPrice > 1_000_000_000_000m)
            {
                errors[$"orders[{i}].totalPrice"] = ["The total must be from 0 to 10^12."];
            }

            if (order.Entries?.Any(e => e is null || e.Quantity < 0) == true)
            {
                errors[$"orders[{i}].entries"] = ["Entries must be objects with a non-negative quantity."];
            }
        }

        for (var i = 0; i < codes.Count; i++)
        {
            if (!IsCode(codes[i]))
            {
                errors[$"codes[{i}]"] = ["A Kaspi order code is 1 to 64 letters, digits or dashes."];
            }
        }

        return errors.Count == 0 ? null : errors;
    }

    private static bool IsCode(string? code) =>
        !string.IsNullOrWhiteSpace(code) && code.Length <= 64 && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
