using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Prometei.Api.Integrations.Erp.Models;

namespace Prometei.Api.Integrations.Erp;

/// <summary>
/// The typed ERP client. Every create carries the caller's idempotency key, so the ERP dedupes too and the resilience
/// handler may retry the POST (it does only with that header).
/// </summary>
public sealed class ErpClient(HttpClient http, IOptions<ErpOptions> options) : IErpClient
{
    public Task<ErpCreated> CreateTaskAsync(JsonObject payload, string idempotencyKey, CancellationToken cancellationToken) =>
        CreateAsync(options.Value.TasksPath, payload, idempotencyKey, cancellationToken);

    public Task<ErpCreated> CreateDealAsync(JsonObject payload, string idempotencyKey, CancellationToken cancellationToken) =>
        CreateAsync(options.Value.DealsPath, payload, idempotencyKey, cancellationToken);

    private async Task<ErpCreated> CreateAsync(string path, JsonObject payload, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? json = null;
        try
        {
            json = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ErpApiException(
                (int)response.StatusCode,
                json?["title"]?.GetValue<string>() ?? response.ReasonPhrase ?? "error",
                json?["detail"]?.GetValue<string>())
            {
                RetryAfter = Hosting.RetryAfterHeader.Read(response),
            };
        }

        if (json?["id"] is not JsonValue id || !id.TryGetValue<long>(out var value))
        {
            throw new ErpApiException(502, "The ERP answered without an id", null);
        }

        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true", StringComparer.OrdinalIgnoreCase);
        return new ErpCreated(value, replayed);
    }
}
