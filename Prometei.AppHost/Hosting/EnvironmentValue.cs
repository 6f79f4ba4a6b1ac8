namespace Prometei.AppHost.Hosting;

/// <summary>
/// The value of an environment variable, resolved when the process starts (a connection string is known only once
/// PostgreSQL runs). Secret values are masked on the dashboard.
/// </summary>
/// <param name="Resolve">Produces the value.</param>
/// <param name="IsSecret">Whether the dashboard masks it.</param>
public sealed record EnvironmentValue(Func<CancellationToken, ValueTask<string>> Resolve, bool IsSecret)
{
    /// <summary>A fixed, non-secret value.</summary>
    public static EnvironmentValue Of(string value) => new(_ => ValueTask.FromResult(value), IsSecret: false);
}
