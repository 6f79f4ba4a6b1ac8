using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Api.Integrations.AmoCrm.Models;

using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// The typed amoCRM client. Its handlers (see <see cref="AmoCrmExtensions"/>): resilience outermost, then the bearer
/// token (<see cref="AmoCrmAuthHandler"/>), then the shared rate limit (<see cref="AmoCrmRateLimitHandler"/>).
/// </summary>
public sealed class AmoCrmClient(HttpClient http) : IAmoCrmClient
{
    public async Task<AmoLead?> GetLeadAsync(long id, CancellationToken cancellationToken)
    {
        var json = await GetAsync($"api/v4/leads/{id.ToString(CultureInfo.InvariantCulture)}?with=contacts", cancellationToken);
        if (json is not null and not JsonObject)
        {
            throw new AmoCrmApiException(502, "amoCRM answered something other than a lead", null, []);
        }

        // A deleted lead that amoCRM still answers (is_deleted: true, contract §6.1) is gone, like one answered 204/404.
        return json is null || AmoCrmReader.Bool(AmoCrmReader.Get(json, "is_deleted")) ? null : AmoCrmReader.Lead(json);
    }

    public async Task<AmoContact?> GetContactAsync(long id, CancellationToken cancellationToken)
    {
        var json = await GetAsync($"api/v4/contacts/{id.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        return json is JsonObject && !AmoCrmReader.Bool(AmoCrmReader.Get(json, "is_deleted")) ? AmoCrmReader.Contact(json) : null;
    }

    public async Task<IReadOnlyList<AmoContact>> SearchContactsAsync(string query, CancellationToken cancellationToken)
    {
        var json = await GetAsync($"api/v4/contacts?limit=250&query={Uri.EscapeDataString(query)}", cancellationToken);
        return AmoCrmReader.Array(AmoCrmReader.Get(json, "_embedded", "contacts")).Select(AmoCrmReader.Contact).ToList();
    }

    public async Task<AmoContactPage> ListContactsAsync(long? updatedFrom, int page, int limit, CancellationToken cancellationToken)
    {
        var query = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"api/v4/contacts?limit={limit}&page={page}&order[updated_at]=asc"));
        if (updatedFrom is long from)
        {
            query.Append(CultureInfo.InvariantCulture, $"&filter[updated_at][from]={from}");
        }

        var json = await GetAsync(query.ToString(), cancellationToken);
        var contacts = AmoCrmReader.Array(AmoCrmReader.Get(json, "_embedded", "contacts")).Select(AmoCrmReader.Contact).ToList();
        return new AmoContactPage(contacts, AmoCrmReader.Get(json, "_links", "next") is not null);
    }

    public async Task<IReadOnlyList<AmoCreated>> CreateContactsAsync(JsonArray contacts, CancellationToken cancellationToken) =>
        Created(await SendAsync(HttpMethod.Post, "api/v4/contacts", contacts, cancellationToken), "contacts");

    public async Task<IReadOnlyList<AmoComplexResult>> CreateLeadsComplexAsync(JsonArray leads, CancellationToken cancellationToken)
    {
        var json = await SendAsync(HttpMethod.Post, "api/v4/leads/complex", leads, cancellationToken);
        // A top-level array (contract §6.4); _embedded.leads is accepted too, in case an account answers like /leads.
        var items = json is JsonArray ? AmoCrmReader.Array(json) : AmoCrmReader.Array(AmoCrmReader.Get(json, "_embedded", "leads"));
        return items.Select(item => new AmoComplexResult(
            AmoCrmReader.Long(AmoCrmReader.Get(item, "id")) ?? 0,
            AmoCrmReader.Long(AmoCrmReader.Get(item, "contact_id")),
            AmoCrmReader.Get(item, "request_id") is JsonArray ids
                ? ids.Select(AmoCrmReader.Text).OfType<string>().ToList()
                : AmoCrmReader.Text(AmoCrmReader.Get(item, "request_id")) is { } one ? [one] : [],
            AmoCrmReader.Bool(AmoCrmReader.Get(item, "merged")))).ToList();
    }

    public async Task<IReadOnlyList<AmoCreated>> CreateLeadsAsync(JsonArray leads, CancellationToken cancellationToken) =>
        Created(await SendAsync(HttpMethod.Post, "api/v4/leads", leads, cancellationToken), "leads");

    public async Task<IReadOnlyList<AmoCreated>> UpdateLeadsAsync(JsonArray leads, CancellationToken cancellationToken) =>
        Created(await SendAsync(HttpMethod.Patch, "api/v4/leads", leads, cancellationToken), "leads");

    public async Task<IReadOnlyList<AmoCreated>> AddNotesAsync(string entity, JsonArray notes, CancellationToken cancellationToken) =>
        Created(await SendAsync(HttpMethod.Post, $"api/v4/{entity}/notes", notes, cancellationToken), "notes");

    public async Task<IReadOnlyList<AmoLead>> SearchLeadsAsync(string query, CancellationToken cancellationToken)
    {
        var json = await GetAsync($"api/v4/leads?limit=250&with=contacts&query={Uri.EscapeDataString(query)}", cancellationToken);
        return AmoCrmReader.Array(AmoCrmReader.Get(json, "_embedded", "leads")).Select(AmoCrmReader.Lead).ToList();
    }

    public async Task<IReadOnlyList<AmoPipeline>> GetPipelinesAsync(CancellationToken cancellationToken)
    {
        var json = await GetAsync("api/v4/leads/pipelines", cancellationToken);
        return AmoCrmReader.Array(AmoCrmReader.Get(json, "_embedded", "pipelines")).Select(AmoCrmReader.Pipeline).ToList();
    }

    public async Task<IReadOnlyList<AmoCustomFieldDefinition>> GetCustomFieldsAsync(string entity, CancellationToken cancellationToken)
    {
        var fields = new List<AmoCustomFieldDefinition>();
        for (var page = 1; page <= 50; page++)
        {
            var json = await GetAsync($"api/v4/{entity}/custom_fields?limit=250&page={page.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
            fields.AddRange(AmoCrmReader.Array(AmoCrmReader.Get(json, "_embedded", "custom_fields")).Select(AmoCrmReader.FieldDefinition));
            if (AmoCrmReader.Get(json, "_links", "next") is null)
            {
                break;
            }
        }

        return fields;
    }

    public async Task<AmoAccount> GetAccountAsync(CancellationToken cancellationToken)
    {
        var json = await GetAsync("api/v4/account", cancellationToken)
            ?? throw new AmoCrmApiException(204, "amoCRM returned no account", null, []);
        return new AmoAccount(AmoCrmReader.Long(AmoCrmReader.Get(json, "id")) ?? 0, AmoCrmReader.Text(AmoCrmReader.Get(json, "name")), AmoCrmReader.Text(AmoCrmReader.Get(json, "subdomain")));
    }

    public async Task<IReadOnlyList<AmoWebhookState>> ListWebhooksAsync(CancellationToken cancellationToken)
    {
        var json = await GetAsync("api/v4/webhooks", cancellationToken);
        return AmoCrmReader.Array(AmoCrmReader.Get(json, "_embedded", "webhooks"))
            .Select(w => new AmoWebhookState(AmoCrmReader.Text(AmoCrmReader.Get(w, "destination")) ?? "", AmoCrmReader.Bool(AmoCrmReader.Get(w, "disabled"))))
            .ToList();
    }

    public async Task<AmoStatusChangePage> ListStatusChangesAsync(
        long from, long to, IReadOnlyList<(long PipelineId, long StatusId)> stages, int page, CancellationToken cancellationToken)
    {
        var query = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"api/v4/events?limit=100&page={page}&filter[type]=lead_status_changed&filter[entity]=lead&filter[created_at][from]={from}&filter[created_at][to]={to}"));
        for (var i = 0; i < stages.Count; i++)
        {
            query.Append(CultureInfo.InvariantCulture,
                $"&filter[value_after][leads_statuses][{i}][pipeline_id]={stages[i].PipelineId}&filter[value_after][leads_statuses][{i}][status_id]={stages[i].StatusId}");
        }

        var json = await GetAsync(query.ToString(), cancellationToken);
        var events = AmoCrmReader.Array(AmoCrmReader.Get(json, "_embedded", "events"));
        var changes = events
            .Where(e => AmoCrmReader.Text(AmoCrmReader.Get(e, "type")) == "lead_status_changed" && AmoCrmReader.Long(AmoCrmReader.Get(e, "entity_id")) is > 0)
            .Select(e =>
            {
                var after = AmoCrmReader.Array(AmoCrmReader.Get(e, "value_after")).Select(v => AmoCrmReader.Get(v, "lead_status")).FirstOrDefault(v => v is not null);
                return new AmoStatusChange(
                    AmoCrmReader.Text(AmoCrmReader.Get(e, "id")) ?? "",
                    AmoCrmReader.Long(AmoCrmReader.Get(e, "account_id")) ?? 0,
                    AmoCrmReader.Long(AmoCrmReader.Get(e, "entity_id"))!.Value,
                    AmoCrmReader.Long(AmoCrmReader.Get(after, "pipeline_id")),
                    AmoCrmReader.Long(AmoCrmReader.Get(after, "id")),
                    AmoCrmReader.Long(AmoCrmReader.Get(e, "created_at")) ?? 0);
            })
            .ToList();
        return new AmoStatusChangePage(changes, AmoCrmReader.Get(json, "_links", "next") is not null || events.Count == 100);
    }

    private async Task<JsonNode?> GetAsync(string relative, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relative);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound)
        {
            return null;
        }

        return await ReadAsync(response, cancellationToken);
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string relative, JsonNode body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, relative)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.NoContent ? null : await ReadAsync(response, cancellationToken);
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Error(response, text);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new AmoCrmApiException(502, "amoCRM answered with something other than JSON", null, []);
        }
    }

    /// <summary>A problem+json error (title, detail, validation-errors' request ids), or an HTML page's status.</summary>
    private static AmoCrmApiException Error(HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        try
        {
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
                && JsonNode.Parse(text) is JsonObject problem)
            {
                var failed = AmoCrmReader.Array(AmoCrmReader.Get(problem, "validation-errors"))
                    .Select(e => AmoCrmReader.Text(AmoCrmReader.Get(e, "request_id")))
                    .OfType<string>()
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                return new AmoCrmApiException(status, AmoCrmReader.Text(AmoCrmReader.Get(problem, "title")) ?? response.ReasonPhrase ?? "error", AmoCrmReader.Text(AmoCrmReader.Get(problem, "detail")), failed)
                {
                    RetryAfter = RetryAfterHeader.Read(response),
                };
            }
        }
        catch (JsonException)
        {
        }

        return new AmoCrmApiException(status, response.ReasonPhrase ?? "error", null, []) { RetryAfter = RetryAfterHeader.Read(response) };
    }

    private static IReadOnlyList<AmoCreated> Created(JsonNode? json, string entity) =>
        AmoCrmReader.Array(AmoCrmReader.Get(json, "_embedded", entity))
            .Select(item => new AmoCreated(AmoCrmReader.Long(AmoCrmReader.Get(item, "id")) ?? 0, AmoCrmReader.Text(AmoCrmReader.Get(item, "request_id"))))
            .ToList();
}
