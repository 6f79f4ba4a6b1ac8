namespace Prometei.Api.Ledger;

/// <summary>What <see cref="IdempotencyStore.BeginAsync"/> found.</summary>
/// <param name="Outcome">What to do with the request.</param>
/// <param name="StatusCode">For <see cref="IdempotencyOutcome.Replay"/>: the stored status.</param>
/// <param name="Response">For <see cref="IdempotencyOutcome.Replay"/>: the stored body.</param>
/// <param name="LeaseLeft">For <see cref="IdempotencyOutcome.InProgress"/>: how long until the running request's lease runs out
/// and a repeat may take the key over (its process died), or zero if unknown.</param>
public sealed record IdempotencyBegin(IdempotencyOutcome Outcome, int StatusCode = 0, string? Response = null, TimeSpan LeaseLeft = default)
{
    public static IdempotencyBegin Started { get; } = new(IdempotencyOutcome.Started);

    public static IdempotencyBegin Conflict { get; } = new(IdempotencyOutcome.Conflict);

    public static IdempotencyBegin InProgress(TimeSpan leaseLeft) => new(IdempotencyOutcome.InProgress, LeaseLeft: leaseLeft);

    public static IdempotencyBegin Replay(int statusCode, string? response) => new(IdempotencyOutcome.Replay, statusCode, response);
}
