namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>A resource as the dashboard lists it (<c>GET /api/resources</c>).</summary>
public sealed record ResourceSnapshot(
    string Name,
    string Kind,
    ResourceState State,
    ResourceHealth Health,
    string? HealthDescription,
    int? ProcessId,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    int? ExitCode,
    string? Detail,
    int Restarts,
    IReadOnlyList<string> WaitsFor,
    IReadOnlyList<ResourceLink> Endpoints,
    IReadOnlyList<ResourceLink> Urls,
    IReadOnlyList<EnvironmentVariable> Environment,
    bool CanBeControlled,
    long LastLogSequence);
