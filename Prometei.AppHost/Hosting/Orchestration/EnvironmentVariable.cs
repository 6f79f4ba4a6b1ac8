namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>A variable a process was started with, as the dashboard shows it (a secret's value is left out).</summary>
/// <param name="Name">The variable.</param>
/// <param name="Value">Its value; null for a secret.</param>
/// <param name="IsSecret">Whether the value is a secret.</param>
public sealed record EnvironmentVariable(string Name, string? Value, bool IsSecret);
