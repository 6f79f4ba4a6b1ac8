using System.Net;
using System.Text;

namespace Prometei.Workflows.UnitTests.Engine;

/// <summary>Answers every request with a canned JSON body and keeps the requests it saw, so no test reaches the network.</summary>
internal sealed class StubHttpHandler(HttpStatusCode status = HttpStatusCode.OK, string body = """{"ok":true}""") : HttpMessageHandler
{
    public List<HttpRequestMessage> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request);
        }

        return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
