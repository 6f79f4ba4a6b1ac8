namespace Prometei.Api.Operations;

/// <summary>The amoCRM connection: <see cref="TokenState"/> is <c>connected</c>, <c>revoked</c>, <c>blocked</c> or <c>disconnected</c>.</summary>
public sealed record AmoCrmHealth(
    string TokenState, string? Reason, DateTimeOffset? Since, DateTimeOffset? AccessTokenExpiresAt, DateTimeOffset? RefreshedAt, long Generation, bool LongLivedToken);
