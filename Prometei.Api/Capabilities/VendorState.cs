namespace Prometei.Api.Capabilities;

/// <summary>
/// A vendor's state in <c>/health</c>: <c>not_configured</c>, <c>ok</c>, <c>credentials_refused</c> (Kaspi token, ERP key),
/// <c>connection_missing</c> (amoCRM never connected), <c>connection_failing</c> (amoCRM token revoked, account blocked) or
/// <c>failing</c> (5xx, timeouts, refused connections since <see cref="Since"/>).
/// </summary>
public sealed record VendorState(string Name, string State, string? Detail, DateTimeOffset? Since);
