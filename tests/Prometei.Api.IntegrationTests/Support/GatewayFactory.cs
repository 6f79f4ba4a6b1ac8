using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Prometei.Api.IntegrationTests.Support;

/// <summary>Prometei.Api in-process with the harness's settings and a log sink next to the usual providers.</summary>
/// <remarks>The type argument only names the assembly (the fakes have a public Program too).</remarks>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string?> settings, LogSink logs, TimeProvider? clock = null)
    : WebApplicationFactory<Prometei.Api.Hosting.GatewayOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        // The sink sees what the app's own filters let through, like the console does (raise levels with Logging:LogLevel:*).
        builder.ConfigureLogging(logging => logging.AddProvider(logs));
        builder.ConfigureServices(services => services.AddSingleton(logs));
        if (clock is not null)
        {
            // After the app's own services, so it replaces TimeProvider.System for everything that takes one.
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }
}
