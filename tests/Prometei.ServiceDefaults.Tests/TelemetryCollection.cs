namespace Prometei.ServiceDefaults.Tests;

/// <summary>
/// Tracer providers listen to every "Microsoft.AspNetCore" and "System.Net.Http" activity in the process, so tests that
/// count traced activities run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
