namespace Prometei.Api.Integrations.AmoCrm;

public enum TokenGrantOutcome
{
    Granted,

    /// <summary>amoCRM refused the grant for good: a spent, revoked or expired token or code, or wrong client credentials.</summary>
    Refused,

    /// <summary>403: the account is blocked.</summary>
    Blocked,

    /// <summary>No answer, a 429 or a 5xx: try again later; the stored token may still be good.</summary>
    Transient,
}
