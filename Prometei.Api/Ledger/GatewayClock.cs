using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;

namespace Prometei.Api.Ledger;

/// <summary>Now, and today's date in the business time zone (Asia/Almaty: Kaspi's "all dates in Almaty time").</summary>
public sealed class GatewayClock(TimeProvider time, IOptions<GatewayOptions> options)
{
    private readonly TimeZoneInfo _zone = FindZone(options.Value.TimeZone);

    public DateTimeOffset UtcNow => time.GetUtcNow();

    public TimeZoneInfo Zone => _zone;

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone).DateTime);

    /// <summary>Asia/Almaty, or UTC+5 when the machine has no tz database (Kazakhstan is on UTC+5 since 2024-03-01).</summary>
    public static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(5), id, id);
        }
    }
}
