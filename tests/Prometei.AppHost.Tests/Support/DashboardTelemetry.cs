using System.Text.Json.Nodes;

namespace Prometei.AppHost.Tests.Support;

/// <summary>The Aspire dashboard's telemetry API (<c>/api/telemetry/...</c>, <c>X-API-Key</c>), as flattened spans.</summary>
public static class DashboardTelemetry
{
    public static async Task<IReadOnlyList<Span>> GetSpansAsync(HttpClient http, Uri dashboard, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(dashboard, pathAndQuery));
        request.Headers.Add("X-API-Key", SandboxApp.DashboardApiKey);
        using var answer = await http.SendAsync(request);
        answer.EnsureSuccessStatusCode();
        return Span.Parse(JsonNode.Parse(await answer.Content.ReadAsStringAsync())!);
    }
}
