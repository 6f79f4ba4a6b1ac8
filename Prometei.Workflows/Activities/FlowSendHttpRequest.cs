using System.Globalization;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's FlowSendHttpRequest, the HTTP request the Studio puts in flowcharts: it completes with the status code as an
/// outcome when the code is one of <see cref="ExpectedStatusCodes"/> (else <c>Unmatched status code</c>), and always with
/// <c>Done</c> too. A missing list of expected codes is Elsa's default, <c>[200]</c> (the ports the Studio draws for it).
/// As in <see cref="SendHttpRequest"/>, the request carries the execution's <c>Idempotency-Key</c>. A failure Elsa turns
/// into an outcome (<c>Failed to connect</c>, <c>Timeout</c>, or <c>Unmatched status code</c> for a 408, 429 or 5xx answer)
/// takes that outcome when the flowchart connects it; otherwise it is retried durably like any transient failure, and an
/// incident when the retries run out, rather than ending the branch unseen.
/// </summary>
[Activity("Elsa", "HTTP", "Send an HTTP request and continue on the port of its status code.", TypeName = "Elsa.FlowSendHttpRequest",
    DisplayName = "HTTP Request (flow)", HasOutsideEffect = true, Outcomes = [UnmatchedStatusCode, FailedToConnect, TimeoutOutcome, "Done"])]
public sealed class FlowSendHttpRequest : Activity
{
    public const string UnmatchedStatusCode = "Unmatched status code";
    public const string FailedToConnect = "Failed to connect";
    public const string TimeoutOutcome = "Timeout";

    [Input(Description = "The URL to send the request to.", Order = 0)]
    public Input<string> Url { get; set; } = new();

    [Input(Description = "The HTTP method.", UIHint = InputUIHints.Dropdown, Options = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
        DefaultValue = "GET", Order = 1)]
    public Input<string> Method { get; set; } = new();

    [Input(Description = "The content to send: text as is, anything else as JSON.", UIHint = InputUIHints.MultiLine, Order = 2)]
    public Input<object> Content { get; set; } = new();

    [Input(Description = "The content type.", UIHint = InputUIHints.Dropdown,
        Options = ["application/json", "text/plain", "application/x-www-form-urlencoded"], DefaultValue = "application/json", Order = 3)]
    public Input<string> ContentType { get; set; } = new();

    [Input(Description = "The Authorization header value.", CanContainSecrets = true, Order = 4, Category = "Security")]
    public Input<string> Authorization { get; set; } = new();

    [Input(Description = "A list of expected status codes to handle: each one is an outcome (a port).", UIHint = InputUIHints.MultiText,
        DefaultSyntax = "Object", DefaultValue = "[200]", Order = 5)]
    public Input<List<int>> ExpectedStatusCodes { get; set; } = new();

    [Input(Description = "Extra request headers, as a JSON object.", UIHint = InputUIHints.JsonEditor, DefaultSyntax = "Object", CanContainSecrets = true,
        Order = 6, Category = "Advanced")]
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
        var expected = context.Get(ExpectedStatusCodes) ?? [];
        using var request = HttpRequestSender.Create(context, uri, context.Get(Method), context.Get(Authorization), context.Get(RequestHeaders),
            context.Get(Content), context.Get(ContentType));
        HttpResponseMessage response;
        try
        {
            response = await HttpRequestSender.SendAsync(context, request);
        }
        catch (HttpRequestException) when (IsConnected(FailedToConnect))
        {
            context.Complete(FailedToConnect);
            return;
        }
        catch (TaskCanceledException) when (!context.CancellationToken.IsCancellationRequested && IsConnected(TimeoutOutcome))
        {
            context.Complete(TimeoutOutcome);
            return;
        }

        using (response)
        {
            var code = (int)response.StatusCode;
            var outcome = expected.Count == 0 ? null : expected.Contains(code) ? code.ToString(CultureInfo.InvariantCulture) : UnmatchedStatusCode;
            if (ActivityFailure.IsTransientStatus(response.StatusCode) && (outcome is null || (outcome == UnmatchedStatusCode && !IsConnected(UnmatchedStatusCode))))
            {
                throw new ActivityException($"{uri.Host} answered {code}.", isTransient: true, response.Headers.RetryAfter?.Delta);
            }

            var (parsed, headers) = await HttpRequestSender.ReadAsync(response, context.CancellationToken);
            context.Set(StatusCode, code);
            context.Set(ParsedContent, parsed);
            context.Set(ResponseHeaders, headers);
            context.Complete(outcome is null ? ["Done"] : [outcome, "Done"]);
        }
    }

    /// <summary>Whether the flowchart holding this activity has a connection from its <paramref name="port"/>.</summary>
    private bool IsConnected(string port) => Node.Parent?.Activity is Flowchart flowchart && flowchart.HasConnectionFrom(Node.Id, port);
}
