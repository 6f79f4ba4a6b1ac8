namespace Prometei.Api.Endpoints;

/// <summary>
/// The key a request's effect runs under (its <c>Idempotency-Key</c>, trimmed and checked) and the hash of its canonical body,
/// as <see cref="IdempotencyRunner"/> read them, so the effect uses them rather than reading the header and hashing again.
/// </summary>
public sealed record IdempotencyClaim(string Key, string BodyHash);
