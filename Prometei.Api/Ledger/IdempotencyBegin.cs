namespace Prometei.Api.Ledger;

/// <summary>What <see cref="IdempotencyStore.BeginAsync"/> found.</summary>
public sealed record IdempotencyBegin(IdempotencyOutcome Outcome, int StatusCode = 0, string? Response = null)
{
    public static IdempotencyBegin Started { get; } = new(IdempotencyOutcome.Started);

    public static IdempotencyBegin Conflict { get; } = new(IdempotencyOutcome.Conflict);

    public static IdempotencyBegin InProgress { get; } = new(IdempotencyOutcome.InProgress);

    public static IdempotencyBegin Replay(int statusCode, string? response) => new(IdempotencyOutcome.Replay, statusCode, response);
}
