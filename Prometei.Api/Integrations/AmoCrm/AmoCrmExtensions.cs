using Prometei.Api.Integrations.Alerts;
using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.AmoCrm;

public static class AmoCrmExtensions
{
    /// <summary>
    /// Adds the amoCRM client: options (<c>AmoCrm</c>, <c>AMOCRM_*</c>, <c>AMO_*</c>), tokens, the shared rate limit and the
    /// typed client with resilience outermost, then the bearer token, then the rate limit (once per attempt).
    /// </summary>
    public static IHostApplicationBuilder AddAmoCrm(this IHostApplicationBuilder builder)
    {
        builder.AddGatewayOptions<AmoCrmOptions, AmoCrmOptionsValidator>(AmoCrmOptions.SectionName, AmoCrmOptions.ApplyLegacy, o => o.ConfigurationErrors);
        var services = builder.Services;
        services.AddSingleton<AmoCrmRateLimiter>();
        services.AddSingleton<AmoCrmTokenService>();
        services.AddSingleton<AmoCrmOAuthClient>();
        services.AddTransient<AmoCrmAuthHandler>();
        services.AddTransient<AmoCrmRateLimitHandler>();

        // Token grants are never retried: a refresh token is single use.
        services.AddHttpClient(AmoCrmOAuthClient.ClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddPrometeiResilience(o =>
            {
                o.MaxRetryAttempts = 0;
                o.TotalRequestTimeout = TimeSpan.FromSeconds(30);
                o.AttemptTimeout = TimeSpan.FromSeconds(30);
            })
            .RemoveAllLoggers();

        services.AddHttpClient<IAmoCrmClient, AmoCrmClient>((provider, http) =>
            {
                http.BaseAddress = provider.GetRequiredService<IOptions<AmoCrmOptions>>().Value.EffectiveBaseUrl;
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddPrometeiResilience(o =>
            {
                // An attempt may first wait for its rate-limit slot.
                o.AttemptTimeout = TimeSpan.FromSeconds(60);
                o.TotalRequestTimeout = TimeSpan.FromMinutes(3);

                // One owner per retry: a 5xx, a timeout or a dropped connection is retried by the workflow engine (durable,
                // with backoff and Retry-After), so the HTTP layer sends each call once; only a 429, which amoCRM did not act
                // on, is sent again here (AmoCrmRateLimitHandler). No breaker: a 404 never counted, and one failing endpoint
                // (say /leads/complex) must not stop reads of leads; the engine's backoff already spaces the calls.
                o.MaxRetryAttempts = 0;
                o.CircuitBreakerEnabled = false;
            })
            .AddHttpMessageHandler<AmoCrmAuthHandler>()
            .AddHttpMessageHandler<AmoCrmRateLimitHandler>()
            .AddVendorOutcomes("amocrm")
            // URLs can hold a searched phone number: the default request logging would write it out. Our handler logs paths only.
            .RemoveAllLoggers();
        return builder;
    }
}
