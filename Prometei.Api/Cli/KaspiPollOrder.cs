namespace Prometei.Api.Cli;

/// <summary>One order of a <c>poll</c>: <c>created</c>, <c>already_processed</c>, <c>in_progress</c>, <c>failed</c> or <c>dry_run</c>.</summary>
public sealed record KaspiPollOrder(string Code, string Outcome, long? LeadId, string? Error);
