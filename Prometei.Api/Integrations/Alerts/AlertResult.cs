namespace Prometei.Api.Integrations.Alerts;

/// <summary>What became of an alert: sent on these channels, or suppressed (one per condition per period).</summary>
public sealed record AlertResult(string Condition, bool Suppressed, IReadOnlyList<string> Channels);
