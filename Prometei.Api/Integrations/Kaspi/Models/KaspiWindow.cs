namespace Prometei.Api.Integrations.Kaspi.Models;

/// <summary>A creation-date window in epoch milliseconds, both ends inclusive (<c>$ge</c>, <c>$le</c>).</summary>
public sealed record KaspiWindow(long From, long To);
