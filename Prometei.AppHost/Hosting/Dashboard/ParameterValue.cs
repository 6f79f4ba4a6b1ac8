namespace Prometei.AppHost.Hosting.Dashboard;

/// <summary>A parameter's value, shown when the dashboard's user asks for it.</summary>
internal sealed record ParameterValue(string Name, string Value);
