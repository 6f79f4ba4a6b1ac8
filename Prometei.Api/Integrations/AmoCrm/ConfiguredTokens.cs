namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>What startup does with the amoCRM tokens in configuration (<see cref="AmoCrmTokenService.ApplyConfigurationAsync"/>).</summary>
internal enum ConfiguredTokens
{
    /// <summary>The same tokens were taken before: keep whatever is stored now.</summary>
    Unchanged,

    /// <summary>Store them in place of the stored pair (or as the first one).</summary>
    Take,

    /// <summary>They are what is stored already: only remember that they were taken.</summary>
    Adopt,

    /// <summary>The stored pair is newer by rotation: keep it, and remember that these were considered.</summary>
    Older,
}
