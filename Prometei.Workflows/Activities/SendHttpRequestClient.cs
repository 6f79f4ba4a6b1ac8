namespace Prometei.Workflows.Activities;

/// <summary>
/// The <see cref="HttpClient"/> of <see cref="SendHttpRequest"/> effects, kept lean because every effect goes through it:
/// no service-discovery handler (the service defaults add one to every client; a workflow's URL is a real address, not a
/// service name), no logging-scope handlers (each call would open two scopes and write two log lines at Information), and one
/// pooled <see cref="SocketsHttpHandler"/> for the process whose connections are renewed every few minutes so DNS changes
/// are seen, and no shared cookie jar. Retries are the engine's (durable), so no resilience handler either.
/// </summary>
public static class SendHttpRequestClient
{
    /// <summary>How long a pooled connection is used before a new one (and a fresh DNS lookup) replaces it.</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddSendHttpRequestClient(this IServiceCollection services)
    {
        services.AddHttpClient(SendHttpRequest.HttpClientName)
            .RemoveAllLoggers()
            // Drops what ConfigureHttpClientDefaults added (service discovery's handler, which resolves every request's host).
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Clear())
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = PooledConnectionLifetime,
                // One handler serves every instance for the process's life: a cookie one workflow's call received must not
                // ride along on another's. A flow that needs a cookie sets the header.
                UseCookies = false,
            })
            // The connection lifetime above renews connections; the factory's handler rotation would only drop the pool.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return services;
    }
}
