using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Execution;

namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>
/// The typed HTTP client of Prometei.Api (<see cref="IPrometeiApi"/>). Every call with an effect carries the caller's
/// idempotency key, so a rerun or a retry is answered from the gateway's ledger instead of doing the effect again. The
/// gateway's problem titles that mean an expected refusal become <see cref="GatewayRefusal"/>s; every other failure becomes an
/// <see cref="ActivityException"/> the engine retries durably (network, timeouts, 408, 429, 5xx) or turns into an incident.
/// </summary>
public sealed class PrometeiApiClient(HttpClient http) : IPrometeiApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private const string LeadNotFound = "Lead not found";
    private const string ErpRefused = "The ERP refused the document";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public async Task<GatewayResult<AmoCrmLead>> GetAmoCrmLeadAsync(long leadId, CancellationToken cancellationToken)
    {
        var (lead, refusal, reason) = await SendAsync<AmoCrmLead>(HttpMethod.Get, Path($"api/amocrm/leads/{leadId}"), null, null, cancellationToken, (404, LeadNotFound, GatewayRefusal.NotFound));
        return new GatewayResult<AmoCrmLead>(lead is null ? null : lead with { Contacts = [.. lead.Contacts.Select(c => new AmoCrmContactRef(c.Id, c.IsMain))] }, refusal, reason);
    }

    public async Task<GatewayResult<ErpCreated>> CreateErpTaskAsync(long leadId, string idempotencyKey, CancellationToken cancellationToken)
    {
        var (created, refusal, reason) = await SendAsync<ErpCreated>(HttpMethod.Post, "api/erp/tasks", new JsonObject { ["leadId"] = leadId }, idempotencyKey, cancellationToken,
            (404, LeadNotFound, GatewayRefusal.NotFound), (422, ErpRefused, GatewayRefusal.Refused));
        return new GatewayResult<ErpCreated>(created, refusal, reason);
    }

    public async Task<GatewayResult<ErpCreated>> CreateErpDealAsync(ErpDeal deal, string idempotencyKey, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["deal"] = new JsonObject { ["dealName"] = deal.DealName, ["amount"] = deal.Amount, ["eventId"] = deal.EventId } };
        var (created, refusal, reason) = await SendAsync<ErpCreated>(HttpMethod.Post, "api/erp/deals", body, idempotencyKey, cancellationToken, (422, ErpRefused, GatewayRefusal.Refused));
        return new GatewayResult<ErpCreated>(created, refusal, reason);
    }

    public async Task<KaspiPoll> PollKaspiOrdersAsync(KaspiPollRequest request, string idempotencyKey, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["firstPollDays"] = request.FirstPollDays };
        if (request.Until is { } until)
        {
            body["until"] = until.ToUnixTimeMilliseconds();
        }

        return (await SendAsync<KaspiPoll>(HttpMethod.Post, "api/kaspi/orders/poll", body, idempotencyKey, cancellationToken)).Value!;
    }

    public async Task<KaspiReconcile> ReconcileKaspiOrdersAsync(DateTimeOffset from, DateTimeOffset to, string idempotencyKey, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["from"] = from.ToUnixTimeMilliseconds(), ["to"] = to.ToUnixTimeMilliseconds() };
        var answer = (await SendAsync<JsonObject>(HttpMethod.Post, "api/kaspi/reconcile", body, idempotencyKey, cancellationToken)).Value!;
        return new KaspiReconcile(
            Int(answer["checked"]), Int(answer["missed"]), Int(answer["sync"]?["created"]), (answer["reflected"] as JsonArray)?.Count ?? 0,
            answer["dryRun"] is JsonValue dry && dry.TryGetValue<bool>(out var d) && d);
    }

    public async Task<AmoCrmStatusChanges> GetAmoCrmStatusChangesAsync(AmoCrmStatusChangesQuery query, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["pipelineIds"] = new JsonArray([.. query.PipelineIds.Select(id => (JsonNode?)id)]),
            ["statusIds"] = new JsonArray([.. query.StatusIds.Select(id => (JsonNode?)id)]),
            ["lookBackMinutes"] = query.LookBackMinutes,
        };
        var answer = (await SendAsync<JsonObject>(HttpMethod.Post, "api/amocrm/status-changes", body, null, cancellationToken)).Value!;
        var changes = (answer["changes"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => new AmoCrmStatusChangeRead(
                c["eventId"]?.GetValue<string>(), Long(c["accountId"]) ?? 0, Long(c["leadId"]) ?? 0, Long(c["pipelineId"]), Long(c["statusId"]), Long(c["createdAt"]) ?? 0))
            .ToList();
        return new AmoCrmStatusChanges(changes, Long(answer["until"]) ?? 0);
    }

    public Task AdvanceAmoCrmStatusWatermarkAsync(long watermark, CancellationToken cancellationToken) =>
        SendAsync<JsonObject>(HttpMethod.Post, "api/amocrm/status-changes/watermark", new JsonObject { ["watermark"] = watermark }, null, cancellationToken);

    public Task SendAlertAsync(string message, string? condition, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<JsonObject>(HttpMethod.Post, "api/alerts", new JsonObject { ["message"] = message, ["condition"] = condition }, idempotencyKey, cancellationToken);

    private async Task<(T? Value, GatewayRefusal Refusal, string? Reason)> SendAsync<T>(
        HttpMethod method, string path, JsonNode? body, string? idempotencyKey, CancellationToken cancellationToken,
        params (int Status, string Title, GatewayRefusal Refusal)[] expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ActivityException($"The gateway could not be reached ({ex.HttpRequestError}).", isTransient: true, innerException: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ActivityException("The gateway did not answer in time.", isTransient: true, innerException: ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return (string.IsNullOrWhiteSpace(text) ? default : JsonSerializer.Deserialize<T>(text, s_json), GatewayRefusal.None, null);
                }
                catch (JsonException ex)
                {
                    throw new ActivityException($"The gateway's answer to {method} {request.RequestUri?.AbsolutePath} is not what this version expects.", isTransient: false, innerException: ex);
                }
            }

            var (title, detail) = Problem(text);
            foreach (var (status, expectedTitle, refusal) in expected)
            {
                if ((int)response.StatusCode == status && title == expectedTitle)
                {
                    return (default, refusal, detail ?? title);
                }
            }

            var reason = string.Join(" — ", new[] { title, detail }.Where(s => !string.IsNullOrWhiteSpace(s)).DefaultIfEmpty("no problem details"));
            var message = $"The gateway answered {(int)response.StatusCode} to {method} {request.RequestUri?.AbsolutePath}: {reason}";
            var transient = ActivityFailure.IsTransientStatus(response.StatusCode)
                || (response.StatusCode == HttpStatusCode.Conflict && reason.Contains("in progress", StringComparison.OrdinalIgnoreCase));
            throw new ActivityException(message, transient, response.Headers.RetryAfter?.Delta);
        }
    }

    /// <summary>The problem's title and detail (never the request: it may hold customer data).</summary>
    private static (string? Title, string? Detail) Problem(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject problem)
            {
                return (problem["title"]?.ToString(), problem["detail"]?.ToString());
            }
        }
        catch (JsonException)
        {
        }

        return (null, null);
    }

    private static string Path(FormattableString path) => path.ToString(CultureInfo.InvariantCulture);

    private static int Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;

    private static long? Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;
}
