using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Fakes.Hosting;

namespace Prometei.Fakes.AmoCrm;

/// <summary>Account (§13), pipelines and statuses (§11), custom fields (§12) and webhook subscriptions (§14.3).</summary>
internal static class AmoCrmAccountEndpoints
{
    public static IResult Account(HttpRequest request, AmoCrmAccount account) =>
        VendorResult.Json(200, AmoCrmJson.Account(account, AmoCrmJson.BaseUrl(request), AmoCrmRequests.With(request)), AmoCrmProblems.HalJson);

    public static IResult Pipelines(HttpRequest request, AmoCrmAccount account)
    {
        var baseUrl = AmoCrmJson.BaseUrl(request);
        return VendorResult.Json(200, new JsonObject
        {
            ["_total_items"] = account.Pipelines.Count,
            ["_links"] = AmoCrmJson.Links($"{baseUrl}/api/v4/leads/pipelines"),
            ["_embedded"] = new JsonObject
            {
                ["pipelines"] = new JsonArray(account.Pipelines.Select(p => (JsonNode)AmoCrmJson.Pipeline(p, account, baseUrl)).ToArray()),
            },
        }, AmoCrmProblems.HalJson);
    }

    public static IResult Pipeline(long pipelineId, HttpRequest request, AmoCrmAccount account) =>
        account.Pipelines.FirstOrDefault(p => p.Id == pipelineId) is { } pipeline
            ? VendorResult.Json(200, AmoCrmJson.Pipeline(pipeline, account, AmoCrmJson.BaseUrl(request)), AmoCrmProblems.HalJson)
            : AmoCrmProblems.Missing(account.Behavior);

    public static IResult Statuses(long pipelineId, HttpRequest request, AmoCrmAccount account)
    {
        if (account.Pipelines.FirstOrDefault(p => p.Id == pipelineId) is not { } pipeline)
        {
            return AmoCrmProblems.Missing(account.Behavior);
        }

        var baseUrl = AmoCrmJson.BaseUrl(request);
        return VendorResult.Json(200, new JsonObject
        {
            ["_total_items"] = pipeline.Statuses.Count,
            ["_links"] = AmoCrmJson.Links($"{baseUrl}/api/v4/leads/pipelines/{pipeline.Id}/statuses"),
            ["_embedded"] = new JsonObject
            {
                ["statuses"] = new JsonArray(pipeline.Statuses.Select(s => (JsonNode)AmoCrmJson.Status(s, account, baseUrl)).ToArray()),
            },
        }, AmoCrmProblems.HalJson);
    }

    public static IResult Status(long pipelineId, long statusId, HttpRequest request, AmoCrmAccount account) =>
        account.FindStatus(pipelineId, statusId) is { } status
            ? VendorResult.Json(200, AmoCrmJson.Status(status, account, AmoCrmJson.BaseUrl(request)), AmoCrmProblems.HalJson)
            : AmoCrmProblems.Missing(account.Behavior);

    public static IResult CustomFields(string entity, HttpRequest request, AmoCrmAccount account)
    {
        if (entity is not ("leads" or "contacts" or "companies"))
        {
            return AmoCrmProblems.NotFound();
        }

        if (!AmoCrmRequests.TryPaging(request, account.Behavior.MaxListLimit, out var page, out var limit, out var error))
        {
            return error!;
        }

        var fields = account.FieldsOf(entity);
        var items = fields.Skip((page - 1) * limit).Take(limit).ToList();
        if (items.Count == 0)
        {
            return Results.StatusCode(StatusCodes.Status204NoContent);
        }

        var baseUrl = AmoCrmJson.BaseUrl(request);
        var json = AmoCrmJson.Page(request, "custom_fields", items.Select(f => AmoCrmJson.FieldDefinition(f, account, baseUrl)), page, fields.Count > page * limit);
        json["_total_items"] = fields.Count;
        json["_page_count"] = (fields.Count + limit - 1) / limit;
        return VendorResult.Json(200, json, AmoCrmProblems.HalJson);
    }

    public static IResult CustomField(string entity, long fieldId, HttpRequest request, AmoCrmAccount account) =>
        entity is "leads" or "contacts" or "companies" && account.FieldsOf(entity).FirstOrDefault(f => f.Id == fieldId) is { } field
            ? VendorResult.Json(200, AmoCrmJson.FieldDefinition(field, account, AmoCrmJson.BaseUrl(request)), AmoCrmProblems.HalJson)
            : AmoCrmProblems.Missing(account.Behavior);

    public static IResult Webhooks(HttpRequest request, AmoCrmAccount account)
    {
        var destination = request.Query["filter[destination]"].ToString();
        lock (account.Sync)
        {
            var hooks = account.Webhooks.Where(w => destination.Length == 0 || w.Destination == destination).ToList();
            if (hooks.Count == 0)
            {
                return Results.StatusCode(StatusCodes.Status204NoContent);
            }

            return VendorResult.Json(200, new JsonObject
            {
                ["_total_items"] = hooks.Count,
                ["_links"] = AmoCrmJson.Links($"{AmoCrmJson.BaseUrl(request)}/api/v4/webhooks"),
                ["_embedded"] = new JsonObject
                {
                    ["webhooks"] = new JsonArray(hooks.Select(h => (JsonNode)AmoCrmJson.Webhook(h, account)).ToArray()),
                },
            }, AmoCrmProblems.HalJson);
        }
    }

    public static async Task<IResult> SubscribeAsync(HttpRequest request, AmoCrmAccount account)
    {
        var (body, error) = await AmoCrmRequests.ReadJsonAsync(request);
        if (error is not null)
        {
            return error;
        }

        var destination = body?["destination"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : null;
        var settings = (body?["settings"] as JsonArray)?.Select(s => s?.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : null)
            .OfType<string>().ToList() ?? [];
        var errors = new AmoValidationErrors();
        if (destination is null || !Uri.TryCreate(destination, UriKind.Absolute, out _))
        {
            errors.Add("0", "NotBlank", "destination", "This value should be a valid URL.");
        }

        if (settings.Count == 0)
        {
            errors.Add("0", "NotBlank", "settings", "This value should not be blank.");
        }

        if (errors.Any)
        {
            return AmoCrmProblems.Validation(errors);
        }

        var sort = body?["sort"] is JsonValue s && s.TryGetValue<int>(out var value) ? value : 0;
        lock (account.Sync)
        {
            account.Webhooks.RemoveAll(w => w.Destination == destination);
            var hook = new AmoWebhook(account.NewWebhookId(), destination!, settings, sort, account.Now);
            account.Webhooks.Add(hook);
            return VendorResult.Json(201, AmoCrmJson.Webhook(hook, account), AmoCrmProblems.HalJson);
        }
    }

    public static async Task<IResult> UnsubscribeAsync(HttpRequest request, AmoCrmAccount account)
    {
        var (body, error) = await AmoCrmRequests.ReadJsonAsync(request);
        if (error is not null)
        {
            return error;
        }

        var destination = body?["destination"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : null;
        lock (account.Sync)
        {
            account.Webhooks.RemoveAll(w => w.Destination == destination);
        }

        return Results.StatusCode(StatusCodes.Status204NoContent);
    }
}
