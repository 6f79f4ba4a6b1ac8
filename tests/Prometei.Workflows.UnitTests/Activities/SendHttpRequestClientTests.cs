using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Prometei.Workflows.Activities;

namespace Prometei.Workflows.UnitTests.Activities;

public sealed class SendHttpRequestClientTests
{
    [Fact]
    public void Handlers_WithServiceDefaultsShape_NoDiscoveryNoLoggingOnePooledSocketsHandler()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        // What AddServiceDefaults does for every client of the factory.
        services.AddServiceDiscovery();
        services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());
        services.AddSendHttpRequestClient();
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpMessageHandlerFactory>();

        var chain = Chain(factory.CreateHandler(SendHttpRequest.HttpClientName));

        var primary = Assert.IsType<SocketsHttpHandler>(chain[^1]);
        Assert.Equal(SendHttpRequestClient.PooledConnectionLifetime, primary.PooledConnectionLifetime);
        Assert.False(primary.UseCookies);
        // Only the factory's lifetime wrapper stands in front of it: no discovery, no logging scopes.
        Assert.DoesNotContain(chain, h => h.GetType().Name == "ResolvingHttpDelegatingHandler");
        Assert.DoesNotContain(chain, h => h.GetType().Name.Contains("Logging", StringComparison.Ordinal));
        Assert.Equal(2, chain.Count);
        // The handler is not rotated: the same pool serves every effect.
        Assert.Same(primary, Chain(factory.CreateHandler(SendHttpRequest.HttpClientName))[^1]);
        // Other clients keep the defaults.
        Assert.Contains(Chain(factory.CreateHandler("other")), h => h.GetType().Name == "ResolvingHttpDelegatingHandler");
    }

    private static List<HttpMessageHandler> Chain(HttpMessageHandler handler)
    {
        var chain = new List<HttpMessageHandler> { handler };
        while (chain[^1] is DelegatingHandler { InnerHandler: { } inner })
        {
            chain.Add(inner);
        }

        return chain;
    }
}
