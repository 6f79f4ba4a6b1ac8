namespace Prometei.Api.Endpoints;

public sealed record PurgeResult(int Deleted, double OlderThanDays);
