namespace Prometei.Api.Ledger;

public enum IdempotencyOutcome
{
    /// <summary>This request owns the key: run it and store its answer.</summary>
    Started,

    /// <summary>Done before: answer the stored result.</summary>
    Replay,

    /// <summary>The key was used with another body: 422.</summary>
    Conflict,

    /// <summary>A request with this key is running: 409.</summary>
    InProgress,
}
