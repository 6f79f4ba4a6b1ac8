namespace Prometei.Api.Ledger;

public sealed record Heartbeat(string Name, DateTime BeatAt, string? Detail);
