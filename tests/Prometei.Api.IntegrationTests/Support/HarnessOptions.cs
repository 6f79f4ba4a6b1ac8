namespace Prometei.Api.IntegrationTests.Support;

public sealed class HarnessOptions
{
    /// <summary>Start "connected": a token pair issued by the fake is passed as AMO_ACCESS_TOKEN / AMO_REFRESH_TOKEN.</summary>
    public bool SeedTokens { get; set; } = true;

    public bool DryRun { get; set; }

    /// <summary>Send alerts by e-mail to the local SMTP sink as well.</summary>
    public bool Email { get; set; }

    /// <summary>
    /// The in-process Api's <see cref="TimeProvider"/> (a FakeTimeProvider for tests of timing logic: maintenance ticks, heartbeat
    /// staleness, webhook checks); null keeps the system clock.
    /// </summary>
    public TimeProvider? Clock { get; set; }

    /// <summary>
    /// The vendor fakes' <see cref="TimeProvider"/> (event and lead timestamps, token lifetimes, rate windows); give it the
    /// same clock as <see cref="Clock"/> where the Api and amoCRM must agree on the time. Null keeps the system clock.
    /// </summary>
    public TimeProvider? VendorClock { get; set; }

    /// <summary>Extra or replaced settings (configuration keys with ':'); null removes one.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);
}
