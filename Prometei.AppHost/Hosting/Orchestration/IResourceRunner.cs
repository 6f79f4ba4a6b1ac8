namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>Starts, stops and checks one kind of resource, reporting to its <see cref="ResourceRuntime"/>.</summary>
internal interface IResourceRunner
{
    /// <summary>Starts it; returns once it runs (health is checked afterwards). Throws when it can't be started.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops it: gracefully, or at once when <paramref name="force"/>.</summary>
    Task StopAsync(bool force);

    /// <summary>Checks its health once (and notices when it died).</summary>
    Task<HealthReport> CheckHealthAsync(CancellationToken cancellationToken);
}
