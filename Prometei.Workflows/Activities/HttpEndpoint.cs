using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's HTTP endpoint trigger, served under <c>/workflows/{path}</c>. The request is stored as the new instance's input and
/// committed before the caller gets its answer; this activity then exposes it as outputs. Route parameters (<c>orders/{id}</c>)
/// come out in <see cref="RouteData"/>.
/// </summary>
[Activity("Elsa", "HTTP", "Handle an inbound HTTP request.", TypeName = "Elsa.HttpEndpoint", DisplayName = "HTTP Endpoint", Kind = ActivityKind.Trigger)]
public sealed class HttpEndpoint : Activity
{
    [Input(Description = "The path under /workflows/, e.g. amocrm/webhook or orders/{id}.", Order = 0)]
    public Input<string> Path { get; set; } = new();

    [Input(Description = "The HTTP methods this endpoint accepts.", UIHint = InputUIHints.CheckList,
        Options = ["GET", "POST", "PUT", "HEAD", "DELETE", "PATCH"], DefaultSyntax = "Object", Order = 1)]
    public Input<List<string>> SupportedMethods { get; set; } = new();

    [Input(Description = "The query parameter that must carry the shared secret (e.g. secret). Empty: no secret is checked.", Order = 2,
        Category = "Security")]
    public Input<string> SecretQueryParameter { get; set; } = new();

    [Input(Description = "The configuration key whose value is the shared secret (e.g. AMOCRM_WEBHOOK_SECRET). A wrong or missing secret gets 401 and nothing is stored.",
        Order = 3, Category = "Security")]
    public Input<string> SecretSetting { get; set; } = new();

    [Input(Description = "The name of a request validator that checks the body before anything is stored (e.g. amocrm-webhook); a bad body gets 400.",
        Order = 4, Category = "Security")]
    public Input<string> RequestValidator { get; set; } = new();

    [Output(Description = "The body: JSON as an object, a form as a dictionary, anything else as text.")]
    public Output<object> ParsedContent { get; set; } = new();

    [Output(Description = "The query string values.")]
    public Output<object> QueryStringData { get; set; } = new();

    [Output(Description = "The request headers (without Authorization and Cookie).")]
    public Output<object> Headers { get; set; } = new();

    [Output(Description = "The route parameters.")]
    public Output<object> RouteData { get; set; } = new();

    [Output(Description = "The whole request.")]
    public Output<object> Result { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.TriggerPayload is { } request)
        {
            SetOutputs(context, request);
            context.Complete();
        }
        else
        {
            context.CreateBookmark("HttpEndpoint");
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        if (context.ResumePayload is JsonObject request)
        {
            SetOutputs(context, request);
        }

        context.Complete();
        return ValueTask.CompletedTask;
    }

    private void SetOutputs(ActivityExecutionContext context, JsonObject request)
    {
        context.Set(ParsedContent, ParseBody(request["contentType"]?.GetValue<string>(), request["body"]?.GetValue<string>()));
        context.Set(QueryStringData, ValueConverter.FromJson(request["query"]));
        context.Set(Headers, ValueConverter.FromJson(request["headers"]));
        context.Set(RouteData, ValueConverter.FromJson(request["route"]));
        context.Set(Result, ValueConverter.FromJson(request));
    }

    /// <summary>JSON → object, form → dictionary (repeated keys → list), anything else → the text.</summary>
    public static object? ParseBody(string? contentType, string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not null && (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal)))
        {
            try
            {
                return ValueConverter.FromJson(JsonNode.Parse(body));
            }
            catch (JsonException)
            {
                return body;
            }
        }

        if (mediaType == "application/x-www-form-urlencoded")
        {
            var form = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
                var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
                form[key] = form.TryGetValue(key, out var existing)
                    ? existing is List<object?> list ? [.. list, value] : new List<object?> { existing, value }
                    : value;
            }

            return form;
        }

        return body;
    }
}
