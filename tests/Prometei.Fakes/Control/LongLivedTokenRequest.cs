namespace Prometei.Fakes.Control;

/// <summary>Asks for a long-lived token (<c>POST /_control/amocrm/long-lived-tokens</c>); lifetime 1 day to 5 years, default 1 year.</summary>
public sealed record LongLivedTokenRequest(TimeSpan? Lifetime = null);
