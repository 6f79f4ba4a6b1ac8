using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Prometei.Api.Capabilities;
using Prometei.Api.Hosting;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Erp;
using Prometei.Api.Ledger;

namespace Prometei.Api.Endpoints;

/// <summary>
/// ERP endpoints the workflows call (<c>/api/erp</c>, internal API key, Idempotency-Key required and passed on to the ERP).
/// A task is made from a lead (<c>leadId</c>: read from amoCRM once, with only the contacts the template uses; or <c>lead</c>: as <c>GET /api/amocrm/leads/{id}</c>
/// answered) through <c>Erp:TaskTemplate</c>; a deal from a deal event (<c>deal</c>) through <c>Erp:DealTemplate</c>.
/// <c>payload</c> sends a ready body as is.
/// </summary>
public static class ErpApi
{
    public static RouteGroupBuilder MapErpApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/erp").WithTags("ERP").AddEndpointFilter<ApiKeyFilter>();
        group.MapPost("/tasks", CreateTaskAsync).RequireFlow(GatewayFlows.AmoCrmToErp).WithSummary("Create an ERP task from a lead. Idempotency-Key required.").Produces<ErpResponse>(201);
        group.MapPost("/deals", CreateDealAsync).RequireFlow(GatewayFlows.CrmCreateDeal).WithSummary("Create an ERP deal from a deal event. Idempotency-Key required.").Produces<ErpResponse>(201);
        return group;
    }

    public static async Task<Results<JsonHttpResult<JsonNode>, ProblemHttpResult, ValidationProblem>> CreateTaskAsync(
        HttpContext http, IErpClient erp, ErpMapping mapping, AmoCrmLeadReader leads, PreparedDocuments prepared, IdempotencyRunner idempotency,
        DailyStats stats, ErpRefusals refusals, IOptions<GatewayOptions> gateway, ILogger<ErpClient> logger)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(http.Request, logger);
        if (body is null)
        {
            return problem!;
        }

        long? leadId = null;
        if (body["leadId"] is { } idNode)
        {
            if (idNode is JsonValue v && v.TryGetValue<long>(out var id) && id > 0)
            {
                leadId = id;
            }
            else
            {
                return Problems.Invalid(logger, http.Request, new() { ["leadId"] = ["A positive amoCRM lead id."] });
            }
        }

        var lead = body["lead"];
        var payload = body["payload"];
        if (Exactly(leadId is not null, lead is not null, payload is not null) is not null
            || (lead is not null && lead is not JsonObject) || (payload is not null && payload is not JsonObject))
        {
            return Problems.Invalid(logger, http.Request, new() { ["$"] = ["Send exactly one of leadId (a number), lead (an object) or payload (an object)."] });
        }

        return await idempotency.RunAsync(http, "erp.tasks", body, async (claim, ct) =>
        {
            JsonObject document;
            if (payload is JsonObject ready)
            {
                document = (JsonObject)ready.DeepClone();
            }
            else if (leadId is long idToRead)
            {
                // A retry (the ERP failed last time) sends what the first attempt rendered, and reads amoCRM no more.
                if (await prepared.FindAsync("erp.tasks", claim.Key, claim.BodyHash, ct) is { } kept)
                {
                    document = kept;
                }
                else if (await leads.ReadAsync(idToRead, mapping.TaskContacts, ct) is { } read)
                {
                    document = mapping.Task(JsonSerializer.SerializeToNode(read, JsonSerializerOptions.Web)!.AsObject());
                    if (!gateway.Value.DryRun)
                    {
                        await prepared.SaveAsync("erp.tasks", claim.Key, claim.BodyHash, document, ct);
                    }
                }
                else
                {
                    return IdempotentResult.Problem(404, "Lead not found", $"amoCRM has no lead {idToRead}.");
                }
            }
            else
            {
                document = mapping.Task((JsonObject)lead!);
            }

            return await SendAsync(document, gateway.Value.DryRun, "/api/tasks", claim.Key, k => erp.CreateTaskAsync(document, k, ct), stats, DailyStats.ErpTasks, refusals, logger);
        });
    }

    public static async Task<Results<JsonHttpResult<JsonNode>, ProblemHttpResult, ValidationProblem>> CreateDealAsync(
        HttpContext http, IErpClient erp, ErpMapping mapping, IdempotencyRunner idempotency, DailyStats stats,
        ErpRefusals refusals, IOptions<GatewayOptions> gateway, ILogger<ErpClient> logger)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(http.Request, logger);
        if (body is null)
        {
            return problem!;
        }

        var deal = body["deal"];
        var payload = body["payload"];
        if (Exactly(deal is not null, payload is not null) is not null
            || (deal is not null && deal is not JsonObject) || (payload is not null && payload is not JsonObject))
        {
            return Problems.Invalid(logger, http.Request, new() { ["$"] = ["Send exactly one of deal (the deal event, an object) or payload (an object)."] });
        }

        return await idempotency.RunAsync(http, "erp.deals", body, async (claim, ct) =>
        {
            var document = payload is JsonObject ready ? (JsonObject)ready.DeepClone() : mapping.Deal((JsonObject)deal!);
            return await SendAsync(document, gateway.Value.DryRun, "/api/deals", claim.Key, k => erp.CreateDealAsync(document, k, ct), stats, DailyStats.ErpDeals, refusals, logger);
        });
    }

    private static async Task<IdempotentResult> SendAsync(
        JsonObject document, bool dryRun, string path, string key, Func<string, Task<Integrations.Erp.Models.ErpCreated>> send,
        DailyStats stats, string metric, ErpRefusals refusals, ILogger logger)
    {
        if (dryRun)
        {
            var log = new Sync.DryRunLog(logger);
            log.Add("POST", path, document, []);
            return IdempotentResult.Ok(new ErpResponse(null, DryRun: true, document));
        }

        try
        {
            var created = await send(key);
            await stats.IncrementAsync(metric, 1, CancellationToken.None);
            return IdempotentResult.Ok(new ErpResponse(created.Id, DryRun: false, document), StatusCodes.Status201Created);
        }
        catch (ErpApiException ex) when (ex.StatusCode is >= 400 and < 500 and not 408 and not 429)
        {
            // The ERP refused the document for good: stored, so a replay gets the same answer without a second call; the
            // operator hears of it (no retry will create it).
            await refusals.RecordAsync(path, ex, key);
            return IdempotentResult.Problem(StatusCodes.Status422UnprocessableEntity, "The ERP refused the document", $"{ex.StatusCode} {ex.Title}");
        }
    }

    private static string? Exactly(params bool[] given) => given.Count(g => g) == 1 ? null : "exactly one";
}
