using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Prometei.Fakes.Erp;

/// <summary>
/// The fake ERP under <c>/erp</c> (no vendor contract: ours to define). <c>POST /api/tasks</c> and <c>POST /api/deals</c>
/// take a JSON object and answer <c>201 {"id": n}</c>. With an <c>Idempotency-Key</c>, a repeat with the same body
/// answers the first result again (<c>Idempotent-Replayed: true</c>) and creates nothing; the same key with another body
/// is a 422. <c>GET /api/{tasks|deals}/{id}</c> returns the stored body with its id.
/// </summary>
internal static class ErpApi
{
    public static RouteGroupBuilder MapErpApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{FakeVendorPaths.Erp}/api");
        group.MapPost("/tasks", (HttpRequest request, ErpLedger ledger) => CreateAsync("task", request, ledger));
        group.MapPost("/deals", (HttpRequest request, ErpLedger ledger) => CreateAsync("deal", request, ledger));
        group.MapGet("/tasks/{id:long}", (long id, ErpLedger ledger) => Get("task", id, ledger));
        group.MapGet("/deals/{id:long}", (long id, ErpLedger ledger) => Get("deal", id, ledger));
        return group;
    }

    private static async Task<IResult> CreateAsync(string kind, HttpRequest request, ErpLedger ledger)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return ErpGate.Problem(400, "Bad Request", "The body is not valid JSON.");
        }

        if (body is not JsonObject document)
        {
            return ErpGate.Problem(400, "Bad Request", "The body must be a JSON object.");
        }

        var key = request.Headers["Idempotency-Key"].ToString();
        var outcome = ledger.Create(kind, key.Length == 0 ? null : key, document);
        if (outcome.Conflict)
        {
            return ErpGate.Problem(422, "Unprocessable Entity", "This Idempotency-Key was used with a different body.");
        }

        if (outcome.Replayed)
        {
            request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        var location = $"{FakeVendorPaths.Erp}/api/{kind}s/{outcome.Id.ToString(CultureInfo.InvariantCulture)}";
        return TypedResults.Created(location, new ErpCreated(outcome.Id));
    }

    private static Results<Ok<JsonObject>, ProblemHttpResult> Get(string kind, long id, ErpLedger ledger)
    {
        if (ledger.Find(kind, id) is not { } document)
        {
            return ErpGate.Problem(404, "Not Found", $"No {kind} {id.ToString(CultureInfo.InvariantCulture)}.");
        }

        var json = JsonNode.Parse(document.Body.GetRawText())!.AsObject();
        json["id"] = document.Id;
        return TypedResults.Ok(json);
    }
}
