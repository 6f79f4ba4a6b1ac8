namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>A resource could not be started when the application started; the AppHost stops and says why.</summary>
internal sealed class ResourceStartException(string resource, string message, Exception innerException)
    : Exception($"{resource} could not be started: {message}", innerException)
{
    public string Resource { get; } = resource;
}
