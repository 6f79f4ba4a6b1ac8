using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Prometei.ServiceDefaults.Tests;

/// <summary>A real Kestrel host with the service defaults, bound to a free port on 127.0.0.1.</summary>
public static class TestWebApplication
{
    /// <param name="configuration">Settings that the service defaults read when they are added (OTEL_*).</param>
    public static WebApplicationBuilder CreateBuilder(IEnumerable<KeyValuePair<string, string?>>? configuration = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(configuration ?? []);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        // Keep the JSON console logs (they are part of the defaults under test) but quiet.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    public static async Task<HttpClient> StartAsync(WebApplication app)
    {
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }
}
