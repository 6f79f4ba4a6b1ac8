using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Prometei.ServiceDefaults.Tests.Logging;

public sealed class ConsoleLoggingTests
{
    [Fact]
    public void AddServiceDefaults_NoFormatterConfigured_WritesJsonWithScopesAndUtcTimestamps()
    {
        using var host = BuildHost([]);

        var console = host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = host.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
        Assert.True(json.IncludeScopes);
        Assert.True(json.UseUtcTimestamp);
        Assert.Equal("2026-01-02T03:04:05.006Z", new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.Zero).ToString(json.TimestampFormat, null));
    }

    [Fact]
    public void AddServiceDefaults_SimpleFormatterConfigured_KeepsIt()
    {
        using var host = BuildHost(new() { ["Logging:Console:FormatterName"] = ConsoleFormatterNames.Simple });

        var console = host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(ConsoleFormatterNames.Simple, console.FormatterName);
    }

    private static IHost BuildHost(Dictionary<string, string?> configuration)
    {
        // What Host.CreateApplicationBuilder does for logging, without reading this machine's environment.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddConsole();
        builder.AddServiceDefaults();
        return builder.Build();
    }
}
