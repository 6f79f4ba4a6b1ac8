using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;

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
        var uri = HttpRequestSender.Url(context.Get(Url), Node);
        using var request = HttpRequestSender.Create(context, uri, context.Get(Method), context.Get(Authorization), context.Get(RequestHeaders),
            context.Get(Content), context.Get(ContentType));
        using var response = await HttpRequestSender.SendAsync(context, request);
        if (ActivityFailure.IsTransientStatus(response.StatusCode))
        {
            throw new ActivityException($"{uri.Host} answered {(int)response.StatusCode}.", isTransient: true, response.Headers.RetryAfter?.Delta);
        }

        var (parsed, headers) = await HttpRequestSender.ReadAsync(response, context.CancellationToken);
        context.Set(StatusCode, (int)response.StatusCode);
        context.Set(ParsedContent, parsed);
        context.Set(ResponseHeaders, headers);
        context.Complete();
    }
}
