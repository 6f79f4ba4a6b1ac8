using System.Net;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Execution;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// The typed client of Prometei.Api for the Prometei activities. Every call with an effect carries the activity's
/// idempotency key, so a rerun or a retry is answered from the gateway's ledger instead of doing the effect again.
/// Failures become <see cref="ActivityException"/>s the engine retries durably (network, timeouts, 408, 429, 5xx) or turns into
/// incidents (every other 4xx).
/// </summary>
public sealed class GatewayClient(HttpClient http)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>
    /// Like <see cref="GetAsync"/>, but the gateway's 404 problem titled <paramref name="notFoundTitle"/> (the vendor has no such
    /// record) is an answer: Found is false. Any other 404 (a missing route, a proxy) stays a failure.
    /// </summary>
    public async Task<(bool Found, JsonNode? Body)> FindAsync(string path, string notFoundTitle, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken, notFoundTitle));
        }
        catch (NotFoundException)
        {
            return (false, null);
        }
    }

    public Task<JsonNode?> PostAsync(string path, JsonNode body, string? idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync(Post(path, body, idempotencyKey), cancellationToken);

    /// <summary>Like <see cref="PostAsync"/>, but the gateway's 404 problem titled <paramref name="notFoundTitle"/> is an answer: Found is false.</summary>
    public async Task<(bool Found, JsonNode? Body)> TryPostAsync(string path, JsonNode body, string? idempotencyKey, string notFoundTitle, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await SendAsync(Post(path, body, idempotencyKey), cancellationToken, notFoundTitle));
        }
        catch (NotFoundException)
        {
            return (false, null);
        }
    }

    private static HttpRequestMessage Post(string path, JsonNode body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey);
        }

        return request;
    }

    private async Task<JsonNode?> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, string? notFoundTitle = null)
    {
        using (request)
        {
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
                    return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
                }

                var title = ProblemTitle(text);
                if (notFoundTitle is not null && response.StatusCode == HttpStatusCode.NotFound 
                    && (title == notFoundTitle || title.StartsWith(notFoundTitle + " — ", StringComparison.Ordinal)))
                {
                    throw new NotFoundException();
                }

                var message = $"The gateway answered {(int)response.StatusCode} to {request.Method} {request.RequestUri?.AbsolutePath}: {title}";
                var transient = ActivityFailure.IsTransientStatus(response.StatusCode) || response.StatusCode == HttpStatusCode.Conflict && title.Contains("in progress", StringComparison.OrdinalIgnoreCase);
                throw new ActivityException(message, transient, response.Headers.RetryAfter?.Delta);
            }
        }
    }

    private sealed class NotFoundException : Exception;

    /// <summary>The problem's title and detail (never the request: it may hold customer data).</summary>
    private static string ProblemTitle(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject problem)
            {
                var title = problem["title"]?.ToString();
                var detail = problem["detail"]?.ToString();
                return string.Join(" — ", new[] { title, detail }.Where(s => !string.IsNullOrWhiteSpace(s)));
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return "no problem details";
    }
}
