using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Prometei.Api.Endpoints;

/// <summary>
/// A moment in a request: epoch milliseconds (a number, as Kaspi's dates), an ISO 8601 date-time, or a date alone
/// (<c>2024-11-20</c>, the start of that day in Asia/Almaty).
/// </summary>
public static class TimeInput
{
    public static bool TryParse(JsonNode? node, TimeZoneInfo zone, out DateTimeOffset value)
    {
        value = default;
        if (node is not JsonValue json)
        {
            return false;
        }

        if (json.GetValueKind() == JsonValueKind.Number && json.TryGetValue<long>(out var ms))
        {
            if (ms is < 0 or > 253402300799999)
            {
                return false;
            }

            value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }

        if (json.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        var text = json.GetValue<string>().Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var local = date.ToDateTime(TimeOnly.MinValue);
            value = new DateTimeOffset(local, zone.GetUtcOffset(local));
            return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ms) && ms <= 253402300799999)
        {
            value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}
