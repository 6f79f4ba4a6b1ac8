using Prometei.ServiceDefaults.Resilience;

namespace Microsoft.Extensions.DependencyInjection;

public static class PrometeiResilienceExtensions
{
    /// <summary>
    /// Adds a Microsoft.Extensions.Http.Resilience handler to a client, configured from <see cref="PrometeiResilienceOptions"/>
    /// (named after the client), outermost first: total request timeout, retry with exponential backoff and jitter
    /// (HttpRequestException, attempt timeouts, 408, 429, 5xx; Retry-After honoured on 429 and 503, up to a cap), circuit
    /// breaker, per-attempt timeout. POST and PATCH are retried only with an <c>Idempotency-Key</c> header or when the
    /// connection was refused, unless <see cref="PrometeiResilienceOptions.RetryNonIdempotent"/> is set.
    /// </summary>
    /// <remarks>
    /// Handlers added after this one run inside it, once per attempt (an auth handler refreshing a token, say). Set
    /// <see cref="System.Net.Http.HttpClient.Timeout"/> to <see cref="Timeout.InfiniteTimeSpan"/>: this handler owns timeouts.
    /// The circuit breaker's state is shared by every client of the same name. Request bodies are buffered so that they can
    /// be sent again.
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

        builder.AddHttpMessageHandler(() => new RequestBufferingHandler());
        builder.AddResilienceHandler("prometei", (pipeline, context) =>
            HttpResiliencePipeline.Configure(
                pipeline,
                context.GetOptions<PrometeiResilienceOptions>(clientName),
                context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }
}
