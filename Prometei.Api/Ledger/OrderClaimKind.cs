namespace Prometei.Api.Ledger;

public enum OrderClaimKind
{
    /// <summary>This caller owns the order now.</summary>
    Claimed,

    /// <summary>This caller owns it, but an earlier attempt may have created the lead: look it up first.</summary>
    ClaimedNeedsCheck,

    /// <summary>Synced before; nothing to do.</summary>
    AlreadySynced,

    /// <summary>Another caller holds it.</summary>
    InProgress,
}
