using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometei.ServiceDefaults.Resilience;

// Same namespace as Microsoft.Extensions.Http.Resilience's AddStandardResilienceHandler, so callers need no using.
namespace Microsoft.Extensions.DependencyInjection;

public static class ResilienceHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds the Prometei resilience handler (Polly.Core) to a client, outermost first: total request timeout, retry with
    /// exponential backoff and jitter (HttpRequestException, attempt timeouts, 408, 429, 5xx; Retry-After honoured on 429
    /// and 503), circuit breaker, per-attempt timeout. POST and PATCH are retried only with an <c>Idempotency-Key</c>
    /// header or when the connection was refused, unless <see cref="PrometeiResilienceOptions.RetryNonIdempotent"/> is set.
    /// </summary>
    /// <remarks>
    /// Handlers added after this one run inside it, once per attempt (an auth handler refreshing a token, say). Set
    /// <see cref="System.Net.Http.HttpClient.Timeout"/> to <see cref="Timeout.InfiniteTimeSpan"/>: this handler owns timeouts.
    /// Request bodies are buffered so that they can be sent again.
    /// </remarks>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Changes to the default <see cref="PrometeiResilienceOptions"/> for this client.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IHttpClientBuilder AddPrometeiResilience(
        this IHttpClientBuilder builder,
        Action<PrometeiResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var clientName = builder.Name;
        var options = builder.Services.AddOptions<PrometeiResilienceOptions>(clientName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton(services => new ResiliencePipelineProvider(
            services.GetRequiredService<IOptionsMonitor<PrometeiResilienceOptions>>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System));

        return builder.AddHttpMessageHandler(services =>
            new ResilienceHandler(services.GetRequiredService<ResiliencePipelineProvider>().GetPipeline(clientName)));
    }
}
