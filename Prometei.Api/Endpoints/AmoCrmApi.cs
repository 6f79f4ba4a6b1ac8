using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.AmoCrm.Models;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Sync;

namespace Prometei.Api.Endpoints;

/// <summary>amoCRM endpoints the workflows call (<c>/api/amocrm</c>, internal API key).</summary>
public static class AmoCrmApi
{
    public static RouteGroupBuilder MapAmoCrmApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/amocrm").WithTags("amoCRM").AddEndpointFilter<ApiKeyFilter>();
        group.MapGet("/leads/{id:long}", GetLeadAsync).WithSummary("A lead with its contacts (names, phones, e-mails).");
        group.MapPost("/contacts/search", SearchContactsAsync).WithSummary("Contacts whose PHONE matches, after normalising (amoCRM's search is fuzzy).");
        group.MapPost("/contacts", CreateContactAsync).WithSummary("Find (phone index) or create a contact. Idempotency-Key required.");
        group.MapPost("/status-changes", StatusChangesAsync)
            .WithSummary("Lead status changes into the asked stages since the catch-up's watermark (amoCRM's event list), oldest first.");
        group.MapPost("/status-changes/watermark", SetStatusChangesWatermarkAsync)
            .WithSummary("Move the catch-up's watermark forward {watermark: Unix seconds}; it never moves back.");
        group.MapPost("/leads/{id:long}/notes", AddNoteAsync).WithSummary("Add a common note to a lead. Idempotency-Key required.");
        return group;
    }

    public static async Task<Results<Ok<AmoLeadDetails>, ProblemHttpResult>> GetLeadAsync(
        long id, HttpRequest request, AmoCrmLeadReader reader, ILogger<AmoCrmClient> logger, CancellationToken cancellationToken)
    {
        if (id <= 0)
        {
            return Problems.BadInput(logger, request, 400, "Invalid lead id", "The lead id must be a positive number.");
        }

        return await reader.ReadAsync(id, LeadContacts.All, cancellationToken) is { } lead
            ? TypedResults.Ok(lead)
            : TypedResults.Problem($"amoCRM has no lead {id}.", statusCode: 404, title: "Lead not found");
    }

    public static async Task<Results<Ok<StatusChangesResponse>, ProblemHttpResult, ValidationProblem>> StatusChangesAsync(
        HttpRequest request, AmoCrmStatusChanges changes, ILogger<AmoCrmStatusChanges> logger, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(request, logger);
        if (body is null)
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>();
        var pipelines = Ids(body, "pipelineIds", errors);
        var statuses = Ids(body, "statusIds", errors);
        var lookBack = TimeSpan.FromDays(1);
        if (body["lookBackMinutes"] is { } given)
        {
            if (given is JsonValue v && v.TryGetValue<long>(out var minutes) && minutes is > 0 and <= 60 * 24 * 90)
            {
                lookBack = TimeSpan.FromMinutes(minutes);
            }
            else
            {
                errors["lookBackMinutes"] = ["Minutes, from 1 to 129600 (90 days)."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(logger, request, errors);
        }

        return TypedResults.Ok(await changes.ReadAsync(pipelines, statuses, lookBack, cancellationToken));
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult, ValidationProblem>> SetStatusChangesWatermarkAsync(
        HttpRequest request, Ledger.WatermarkStore watermarks, ILogger<AmoCrmStatusChanges> logger, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(request, logger);
        if (body is null)
        {
            return problem!;
        }

        if (body["watermark"] is not JsonValue value || !value.TryGetValue<long>(out var watermark) || watermark <= 0)
        {
            return Problems.Invalid(logger, request, new() { ["watermark"] = ["Required: Unix seconds, a positive number."] });
        }

        await watermarks.SetAsync(AmoCrmStatusChanges.Watermark, watermark, cancellationToken);
        return TypedResults.Ok(new JsonObject { ["watermark"] = (await watermarks.GetAsync(AmoCrmStatusChanges.Watermark, cancellationToken))?.Value });
    }

    private static List<long> Ids(JsonObject body, string name, Dictionary<string, string[]> errors)
    {
        if (body[name] is null)
        {
            return [];
        }

        if (body[name] is JsonArray array && array.All(i => i is JsonValue v && v.TryGetValue<long>(out var id) && id > 0))
        {
            return array.Select(i => i!.GetValue<long>()).ToList();
        }

        errors[name] = ["A list of positive ids."];
        return [];
    }

    public static async Task<Results<Ok<ContactSearchResponse>, ProblemHttpResult, ValidationProblem>> SearchContactsAsync(
        HttpRequest request, IAmoCrmClient amo, ILogger<AmoCrmClient> logger, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(request, logger);
        if (body is null)
        {
            return problem!;
        }

        var phone = PhoneNumbers.Normalize(body["phone"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null);
        if (phone is null)
        {
            return Problems.Invalid(logger, request, new() { ["phone"] = ["A phone number is required: 10 digits, or 11 starting with 7 or 8, or +7…"] });
        }

        var hits = await amo.SearchContactsAsync(PhoneNumbers.SearchKey(phone), cancellationToken);
        var confirmed = hits.Where(c => c.Phones.Any(p => PhoneNumbers.Normalize(p) == phone)).ToList();
        return TypedResults.Ok(new ContactSearchResponse(phone, hits.Count, confirmed));
    }

    public static async Task<Results<JsonHttpResult<JsonNode>, ProblemHttpResult, ValidationProblem>> CreateContactAsync(
        HttpContext http,
        IAmoCrmClient amo,
        ContactIndex index,
        IdempotencyRunner idempotency,
        IOptions<GatewayOptions> gateway,
        IOptions<AmoCrmOptions> amoOptions,
        ILogger<AmoCrmClient> logger)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(http.Request, logger);
        if (body is null)
        {
            return problem!;
        }

        var request = JsonBody.Deserialize<CreateContactRequest>(body, out var error);
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["$"] = [error ?? "The body is not a contact."];
        }
        else
        {
            if (string.IsNullOrWhiteSpace(request.Name) && string.IsNullOrWhiteSpace(request.FirstName) && string.IsNullOrWhiteSpace(request.LastName))
            {
                errors["name"] = ["A name (or firstName / lastName) is required."];
            }

            if (request.Phone is not null && PhoneNumbers.Normalize(request.Phone) is null)
            {
                errors["phone"] = ["Not a phone number: 10 digits, or 11 starting with 7 or 8, or +7…"];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(logger, http.Request, errors);
        }

        return await idempotency.RunAsync(http, "amocrm.contacts", body, async ct =>
        {
            var phone = PhoneNumbers.Normalize(request!.Phone);
            if (phone is not null)
            {
                await index.RefreshAsync(force: false, ct);
                if ((await index.LookupAsync([phone], ct)).TryGetValue(phone, out var existing))
                {
                    return IdempotentResult.Ok(new CreateContactResponse(existing, Created: false, DryRun: false, null));
                }
            }

            var payload = AmoPayloads.Contact(
                new Integrations.Kaspi.Models.KaspiCustomer(request.FirstName, request.LastName, request.Name, null), phone, amoOptions.Value);
            if (!string.IsNullOrWhiteSpace(request.Email))
            {
                var fields = payload["custom_fields_values"] as JsonArray ?? [];
                fields.Add(new JsonObject
                {
                    ["field_code"] = "EMAIL",
                    ["values"] = new JsonArray(new JsonObject { ["value"] = request.Email.Trim(), ["enum_code"] = "WORK" }),
                });
                payload["custom_fields_values"] = fields;
            }

            if (gateway.Value.DryRun)
            {
                var dryRun = new DryRunLog(logger);
                dryRun.Add("POST", "/api/v4/contacts", new JsonArray(payload), []);
                return IdempotentResult.Ok(new CreateContactResponse(null, Created: false, DryRun: true, dryRun.Writes));
            }

            var created = await amo.CreateContactsAsync(new JsonArray(payload), ct);
            var id = created.FirstOrDefault()?.Id ?? 0;
            if (phone is not null && id > 0)
            {
                await index.AddAsync([(phone, id)], ct);
            }

            return IdempotentResult.Ok(new CreateContactResponse(id, Created: true, DryRun: false, null), StatusCodes.Status201Created);
        });
    }

    public static async Task<Results<JsonHttpResult<JsonNode>, ProblemHttpResult, ValidationProblem>> AddNoteAsync(
        long id, HttpContext http, IAmoCrmClient amo, IdempotencyRunner idempotency, IOptions<GatewayOptions> gateway, ILogger<AmoCrmClient> logger)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(http.Request, logger);
        if (body is null)
        {
            return problem!;
        }

        var text = body["text"] is JsonValue v && v.TryGetValue<string>(out var t) ? t.Trim() : null;
        if (id <= 0 || string.IsNullOrEmpty(text) || text.Length > 20_000)
        {
            return Problems.Invalid(logger, http.Request, new()
            {
                [id <= 0 ? "id" : "text"] = [id <= 0 ? "The lead id must be positive." : "A note text of 1 to 20000 characters is required."],
            });
        }

        return await idempotency.RunAsync(http, "amocrm.notes", new JsonObject { ["lead"] = id, ["body"] = body.DeepClone() }, async ct =>
        {
            var note = new JsonArray(AmoPayloads.Note(id, text));
            if (gateway.Value.DryRun)
            {
                var dryRun = new DryRunLog(logger);
                dryRun.Add("POST", "/api/v4/leads/notes", note, []);
                return IdempotentResult.Ok(new AddNoteResponse(null, DryRun: true, dryRun.Writes));
            }

            var created = await amo.AddNotesAsync("leads", note, ct);
            return IdempotentResult.Ok(new AddNoteResponse(created.FirstOrDefault()?.Id, DryRun: false, null), StatusCodes.Status201Created);
        });
    }
}
