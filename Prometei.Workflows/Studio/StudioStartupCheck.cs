using Microsoft.Extensions.Options;
using Prometei.Workflows.Api.Authentication;

namespace Prometei.Workflows.Studio;

/// <summary>Says at startup what the Studio will serve, and warns about what keeps it from working.</summary>
internal sealed partial class StudioStartupCheck(
    IOptions<StudioOptions> options,
    IOptions<ElsaApiOptions> elsaApi,
    StudioPackage package,
    ILogger<StudioStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var studio = options.Value;
        if (!studio.Enabled)
        {
            return Task.CompletedTask;
        }

        if (string.IsNullOrEmpty(studio.Operator.Password))
        {
            LogNoPassword(logger, StudioOptions.SectionName);
        }

        if (elsaApi.Value.TokenLifetime < studio.SessionLifetime)
        {
            LogShortTokens(logger, elsaApi.Value.TokenLifetime, studio.SessionLifetime);
        }

        if (package.Problem is { } problem)
        {
            LogNoPackage(logger, problem);
        }
        else
        {
            LogServing(logger, package.Root!);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Studio answers 503 until {Section}:Operator:Password is set")]
    private static partial void LogNoPassword(ILogger logger, string section);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Elsa:TokenLifetime ({TokenLifetime}) is shorter than Studio:SessionLifetime ({SessionLifetime}): a Studio page left open longer than a token fails until reloaded")]
    private static partial void LogShortTokens(ILogger logger, TimeSpan tokenLifetime, TimeSpan sessionLifetime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Studio answers 503: {Problem}")]
    private static partial void LogNoPackage(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Studio serves the package in {PackageRoot} under /studio/")]
    private static partial void LogServing(ILogger logger, string packageRoot);
}
