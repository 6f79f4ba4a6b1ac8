using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Prometei.Api.IntegrationTests.Support;

public static class Http
{
    /// <summary>POSTs JSON with an Idempotency-Key (a new one when null).</summary>
    public static async Task<HttpResponseMessage> PostIdempotentAsync(this HttpClient http, string path, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString("N"));
        return await http.SendAsync(request);
    }

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>A sync's status and body, whatever the status.</summary>
    public static async Task<(int Status, JsonObject Body)> SyncAnswerAsync(this HttpClient http, JsonArray orders, string? key = null)
    {
        using var response = await http.PostIdempotentAsync("/api/kaspi/orders/sync", new JsonObject { ["orders"] = orders.DeepClone() }, key);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>New orders since an hour ago, as the workflow's poll asks.</summary>
    public static async Task<JsonArray> NewOrdersAsync(this HttpClient http, DateTimeOffset? since = null, int? expected = null)
    {
        using var response = await http.PostAsJsonAsync("/api/kaspi/orders/new", new { since = (since ?? DateTimeOffset.UtcNow.AddHours(-1)).ToUnixTimeMilliseconds() });
        var json = await response.JsonAsync();
        var orders = json["orders"]!.AsArray();
        if (expected is int count && orders.Count != count)
        {
            json.Remove("orders");
            Assert.Fail($"expected {count} new orders, got {orders.Count}: {json.ToJsonString()} codes {string.Join(",", orders.Select(o => o!["code"]))}");
        }

        return orders;
    }

    public static async Task<JsonObject> SyncAsync(this HttpClient http, JsonArray orders, string? key = null)
    {
        using var response = await http.PostIdempotentAsync("/api/kaspi/orders/sync", new JsonObject { ["orders"] = orders.DeepClone() }, key);
        return await response.JsonAsync();
    }
}
