using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Api;

/// <summary>Writes the response a workflow produced with WriteHttpResponse.</summary>
internal sealed class WorkflowHttpResult(HttpResponseData response) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            httpContext.Response.ContentType = response.ContentType ?? "text/plain; charset=utf-8";
            await httpContext.Response.WriteAsync(response.Body);
        }
    }
}
