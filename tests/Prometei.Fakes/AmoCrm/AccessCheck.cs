namespace Prometei.Fakes.AmoCrm;

/// <summary>What a bearer token is worth.</summary>
internal enum AccessCheck
{
    Valid,
    Unknown,
    Expired,
    Revoked,
}
