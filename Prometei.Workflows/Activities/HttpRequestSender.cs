using System.Net.Http.Headers;
using System.Text;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities;

/// <summary>
/// What <see cref="SendHttpRequest"/> and <see cref="FlowSendHttpRequest"/> share: the request (with the execution's
/// <c>Idempotency-Key</c>, the same on every retry and rerun) and the response's outputs.
/// </summary>
internal static class HttpRequestSender
{
    /// <summary>The request's absolute URL; a missing or relative one is a permanent failure naming the activity.</summary>
    public static Uri Url(string? url, ActivityNode node) =>
        string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? throw new ActivityException($"Activity '{node.DisplayName}': the URL is missing or not absolute.", isTransient: false)
            : uri;

    public static HttpRequestMessage Create(
        ActivityExecutionContext context, Uri uri, string? method, string? authorization, Dictionary<string, string>? headers, object? content, string? contentType)
    {
        var request = new HttpRequestMessage(new HttpMethod(string.IsNullOrWhiteSpace(method) ? "GET" : method), uri);
        request.Headers.TryAddWithoutValidation(SendHttpRequest.IdempotencyKeyHeader, context.IdempotencyKey);
        if (authorization is { Length: > 0 })
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (content is not null)
        {
            var text = content as string ?? ValueConverter.ToJson(content)?.ToJsonString() ?? "";
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        return request;
    }

    public static Task<HttpResponseMessage> SendAsync(ActivityExecutionContext context, HttpRequestMessage request) =>
        context.Services.GetRequiredService<IHttpClientFactory>().CreateClient(SendHttpRequest.HttpClientName).SendAsync(request, context.CancellationToken);

    /// <summary>The response body (JSON as an object, anything else as text) and its headers.</summary>
    public static async Task<(object? ParsedContent, object Headers)> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var parsed = HttpEndpoint.ParseBody(response.Content.Headers.ContentType?.ToString(), body);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => (object?)string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return (parsed, headers);
    }
}
