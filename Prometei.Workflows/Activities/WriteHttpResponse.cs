using System.Net;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's WriteHttpResponse: answers the HTTP request that started the instance. A workflow that contains it makes that
/// caller wait for the answer, up to the configured timeout.
/// </summary>
[Activity("Elsa", "HTTP", "Write a response to the current HTTP request.", TypeName = "Elsa.WriteHttpResponse", DisplayName = "HTTP Response")]
public sealed class WriteHttpResponse : Activity
{
    // Elsa's type: files write the status by name ("OK", "NotFound") or by number (200, "404").
    [Input(Description = "The status code.", UIHint = InputUIHints.Dropdown, DefaultValue = "OK", Order = 0)]
    public Input<HttpStatusCode> StatusCode { get; set; } = new();

    [Input(Description = "The content: text as is, anything else as JSON.", UIHint = InputUIHints.MultiLine, Order = 1)]
    public Input<object> Content { get; set; } = new();

    [Input(Description = "The content type.", UIHint = InputUIHints.Dropdown,
        Options = ["application/json", "text/plain", "text/html"], DefaultValue = "application/json", Order = 2)]
    public Input<string> ContentType { get; set; } = new();

    [Input(Description = "Extra response headers, as a JSON object.", UIHint = InputUIHints.JsonEditor, DefaultSyntax = "Object", Order = 3)]
    public Input<Dictionary<string, string>> ResponseHeaders { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var content = context.Get(Content);
        var body = content switch
        {
            null => null,
            string s => s,
            _ => ValueConverter.ToJson(content)?.ToJsonString(),
        };
        var status = context.Get(StatusCode);
        context.WriteHttpResponse(new HttpResponseData(status == 0 ? 200 : (int)status, context.Get(ContentType) ?? "application/json", body,
            context.Get(ResponseHeaders) ?? []));
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
