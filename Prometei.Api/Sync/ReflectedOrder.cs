namespace Prometei.Api.Sync;

/// <summary>A cancelled or returned order shown on its lead: <see cref="How"/> is <c>status</c> or <c>note</c>.</summary>
public sealed record ReflectedOrder(string Code, long LeadId, string KaspiStatus, string How, bool Done, string? Error = null);
