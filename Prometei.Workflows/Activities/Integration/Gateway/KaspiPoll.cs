namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>What one Kaspi poll did: counts and watermarks (epoch ms), no customer data.</summary>
public sealed record KaspiPoll(
    int Found,
    int AlreadyProcessed,
    int New,
    int Created,
    int ContactsCreated,
    int AlreadySynced,
    int InProgress,
    int Failed,
    long? Watermark,
    long NextWatermark,
    bool DryRun);
