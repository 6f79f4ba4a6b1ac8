namespace Prometei.Api.Operations;

public sealed record HeartbeatInfo(string Name, DateTimeOffset At, double AgeSeconds, string? Detail);
