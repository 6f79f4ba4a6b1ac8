namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>The result of one health check.</summary>
/// <param name="Health">Healthy or Unhealthy.</param>
/// <param name="Description">Why not, or what answered.</param>
/// <param name="Answered">Whether the resource answered at all (an HTTP status, however bad): it is up, if not well.</param>
internal sealed record HealthReport(ResourceHealth Health, string? Description, bool Answered)
{
    public static HealthReport Healthy(string? description = null) => new(ResourceHealth.Healthy, description, Answered: true);

    public static HealthReport Unhealthy(string description, bool answered) => new(ResourceHealth.Unhealthy, description, answered);
}
