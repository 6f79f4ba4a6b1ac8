namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// amoCRM calls are stopped: the token was revoked, the account is blocked, or no connection was made. Nothing was sent.
/// An operator reconnects (<c>/oauth/amocrm/connect</c>, <c>oauth-exchange</c>) or resumes (<c>POST /ops/amocrm/resume</c>).
/// </summary>
public sealed class AmoCrmUnavailableException(string state, string reason) : Exception($"amoCRM calls are stopped: {state} ({reason})")
{
    public string State { get; } = state;

    public string Reason { get; } = reason;
}
