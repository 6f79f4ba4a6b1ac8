using System.Net.Http.Headers;
using System.Text;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's SendHttpRequest. Every request carries an <c>Idempotency-Key</c> header that is the same on every retry and rerun of
/// this execution, so a receiver that honours it performs the effect once. Timeouts, connection failures, 408, 429 and 5xx
/// are retried durably; any other answer completes the activity with its status code.
/// </summary>
[Activity("Elsa", "HTTP", "Send an HTTP request.", TypeName = "Elsa.SendHttpRequest", DisplayName = "HTTP Request", HasOutsideEffect = true)]
public sealed class SendHttpRequest : Activity
{
    public const string HttpClientName = "Prometei.Workflows.SendHttpRequest";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [Input(Description = "The URL to send the request to.", Order = 0)]
    public Input<string> Url { get; set; } = new();

    [Input(Description = "The HTTP method.", UIHint = InputUIHints.Dropdown, Options = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"],
        DefaultValue = "GET", Order = 1)]
    public Input<string> Method { get; set; } = new();

    [Input(Description = "The content to send: text as is, anything else as JSON.", UIHint = InputUIHints.MultiLine, Order = 2)]
    public Input<object> Content { get; set; } = new();

    [Input(Description = "The content type.", UIHint = InputUIHints.Dropdown,
        Options = ["application/json", "text/plain", "application/x-www-form-urlencoded"], DefaultValue = "application/json", Order = 3)]
    public Input<string> ContentType { get; set; } = new();

    [Input(Description = "The Authorization header value.", CanContainSecrets = true, Order = 4)]
    public Input<string> Authorization { get; set; } = new();

    [Input(Description = "Extra request headers, as a JSON object.", UIHint = InputUIHints.JsonEditor, DefaultSyntax = "Object", CanContainSecrets = true, Order = 5)]
    public Input<Dictionary<string, string>> RequestHeaders { get; set; } = new();

    [Output(Description = "The response status code.")]
    public Output<int> StatusCode { get; set; } = new();

    [Output(Description = "The response body: JSON as an object, anything else as text.")]
    public Output<object> ParsedContent { get; set; } = new();

    [Output(Description = "The response headers.")]
    public Output<object> ResponseHeaders { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var url = context.Get(Url);
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ActivityException($"Activity '{Node.DisplayName}': the URL is missing or not absolute.", isTransient: false);
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Get(Method) ?? "GET"), uri);
        request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, context.IdempotencyKey);
        if (context.Get(Authorization) is { Length: > 0 } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        foreach (var (name, value) in context.Get(RequestHeaders) ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (context.Get(Content) is { } content)
        {
            var text = content as string ?? ValueConverter.ToJson(content)?.ToJsonString() ?? "";
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Get(ContentType) ?? "application/json");
        }

        var client = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, context.CancellationToken);
        if (ActivityFailure.IsTransientStatus(response.StatusCode))
        {
            throw new ActivityException($"{uri.Host} answered {(int)response.StatusCode}.", isTransient: true, response.Headers.RetryAfter?.Delta);
        }

        var body = await response.Content.ReadAsStringAsync(context.CancellationToken);
        context.Set(StatusCode, (int)response.StatusCode);
        context.Set(ParsedContent, HttpEndpoint.ParseBody(response.Content.Headers.ContentType?.ToString(), body));
        context.Set(ResponseHeaders, (object)response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => (object?)string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase));
        context.Complete();
    }
}
