using System.Diagnostics.Metrics;

namespace Prometei.Api.Hosting;

/// <summary>The gateway's meter: what reaches amoCRM, what it refuses for rate, and what the shared limit costs in waiting.</summary>
public static class GatewayTelemetry
{
    public const string Name = "Prometei.Api";

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> AmoCrmRequests = Meter.CreateCounter<long>(
        "prometei.amocrm.requests", description: "Requests sent to amoCRM (each attempt on the wire), by status code");

    public static readonly Counter<long> AmoCrmTooManyRequests = Meter.CreateCounter<long>(
        "prometei.amocrm.throttled", description: "amoCRM answers 429 Too Many Requests");

    public static readonly Histogram<double> AmoCrmRateLimitWait = Meter.CreateHistogram<double>(
        "prometei.amocrm.rate_limit.wait", "ms", "Time a request waited for a slot of the shared amoCRM rate limit");
}
