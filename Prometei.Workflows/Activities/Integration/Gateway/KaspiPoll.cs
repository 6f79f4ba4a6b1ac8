namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>
/// What one Kaspi poll did: counts and watermarks (epoch ms), no customer data. <see cref="Left"/>: new orders the gateway left
/// for the next batch; <see cref="Batches"/>: how many gateway calls a slot's poll made (see <see cref="Then"/>); <see cref="Unread"/>:
/// Kaspi reads (window and state) that failed, so the watermark stayed.
/// </summary>
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
    bool DryRun,
    int Left = 0,
    int Batches = 1,
    int Unread = 0)
{
    /// <summary>This poll followed by the next batch: the counts added, the watermark before the first and after the last.</summary>
    public KaspiPoll Then(KaspiPoll next) => new(
        Found,
        AlreadyProcessed,
        New + next.New,
        Created + next.Created,
        ContactsCreated + next.ContactsCreated,
        AlreadySynced + next.AlreadySynced,
        InProgress + next.InProgress,
        Failed + next.Failed,
        Watermark,
        next.NextWatermark,
        DryRun || next.DryRun,
        next.Left,
        Batches + next.Batches,
        Unread + next.Unread);
}
