namespace Prometei.Fakes.Control;

/// <summary>Readings of Kaspi's "maximum search period is 14 days".</summary>
public enum KaspiSearchPeriodRule
{
    /// <summary><c>$le − $ge</c> may not exceed the period; old windows are fine.</summary>
    Width,

    /// <summary>Also <c>$ge</c> may not be older than now minus the period.</summary>
    LookBack,
}
