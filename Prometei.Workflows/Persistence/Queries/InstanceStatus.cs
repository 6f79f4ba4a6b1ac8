namespace Prometei.Workflows.Persistence.Queries;

/// <summary>Where an instance stands, as pollers ask for it.</summary>
public sealed record InstanceStatus(string Status, string SubStatus, DateTimeOffset UpdatedAt);
