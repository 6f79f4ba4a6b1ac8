using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Polly;

namespace Prometei.ServiceDefaults.Resilience;

/// <summary>
/// One pipeline per named client for the life of the app. IHttpClientFactory recreates handlers every few minutes;
/// keeping the pipeline here keeps the circuit breaker's state across those rotations.
/// </summary>
internal sealed class ResiliencePipelineProvider(IOptionsMonitor<PrometeiResilienceOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> _pipelines = new(StringComparer.Ordinal);

    public ResiliencePipeline<HttpResponseMessage> GetPipeline(string clientName) =>
        _pipelines.GetOrAdd(clientName, name => HttpResiliencePipeline.Create(name, options.Get(name), timeProvider));
}
