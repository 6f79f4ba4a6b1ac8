using NCrontab;

namespace Prometei.Workflows.Runtime.Scheduling;

/// <summary>
/// A cron schedule evaluated on the wall clock of a time zone: 5 fields (minute hour day-of-month month day-of-week) or
/// 6 fields (seconds first), as Elsa's Cron activity accepts them.
/// </summary>
/// <remarks>
/// Clock changes: a slot that falls into a skipped hour (spring forward) fires when the gap ends, once for all the slots
/// in the gap; a slot in a repeated hour (fall back) fires once, at its first occurrence.
/// </remarks>
public sealed class CronSchedule : ISchedule
{
    /// <summary>The time zone used when a trigger names none.</summary>
    public const string DefaultTimeZoneId = "Asia/Almaty";

    // Far enough for "29 February on a Monday"; a schedule with no slot in this horizon has none at all.
    private const int SearchYears = 30;

    private readonly CrontabSchedule _schedule;

    private CronSchedule(string expression, CrontabSchedule schedule, TimeZoneInfo timeZone, bool includesSeconds)
    {
        Expression = expression;
        _schedule = schedule;
        TimeZone = timeZone;
        IncludesSeconds = includesSeconds;
    }

    /// <summary>The expression as it was given, trimmed.</summary>
    public string Expression { get; }

    /// <summary>The time zone whose wall clock the expression is read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Whether the expression has a seconds field (6 fields).</summary>
    public bool IncludesSeconds { get; }

    /// <summary>
    /// Parses a 5- or 6-field cron expression. <c>?</c> in a field reads as <c>*</c>, as in Quartz and Cronos.
    /// Throws <see cref="FormatException"/> naming the expression and its field count when it is not valid.
    /// </summary>
    public static CronSchedule Parse(string expression, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(timeZone);

        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
        {
            throw new FormatException(
                $"Cron expression '{expression}' has {fields.Length} fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds first).");
        }

        var includesSeconds = fields.Length == 6;
        var normalized = string.Join(' ', fields.Select(field => field == "?" ? "*" : field));
        try
        {
            var schedule = CrontabSchedule.Parse(normalized, new CrontabSchedule.ParseOptions { IncludingSeconds = includesSeconds });
            return new CronSchedule(string.Join(' ', fields), schedule, timeZone, includesSeconds);
        }
        catch (CrontabException ex)
        {
            throw new FormatException($"Cron expression '{expression}' ({fields.Length} fields) is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Finds a time zone by IANA id ("Asia/Almaty", "Europe/Berlin") or Windows id; null or blank means
    /// <see cref="DefaultTimeZoneId"/>. Throws <see cref="TimeZoneNotFoundException"/> for an unknown id.
    /// </summary>
    public static TimeZoneInfo ResolveTimeZone(string? id) =>
        TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(id) ? DefaultTimeZoneId : id.Trim());

    public DateTimeOffset? NextAfter(DateTimeOffset instant)
    {
        var cursor = TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;
        var end = cursor < DateTime.MaxValue.AddYears(-SearchYears) ? cursor.AddYears(SearchYears) : DateTime.MaxValue;
        while (true)
        {
            var next = _schedule.GetNextOccurrence(cursor, end);
            if (next >= end)
            {
                return null;
            }

            // A wall-clock slot can map to an instant at or before this one only inside a repeated (fall-back) hour.
            var slot = ToInstant(next);
            if (slot > instant)
            {
                return slot;
            }

            cursor = next;
        }
    }

    public DateTimeOffset? LatestAtOrBefore(DateTimeOffset instant, DateTimeOffset notBefore)
    {
        if (instant <= notBefore)
        {
            return null;
        }

        // Cron has no "previous": look back through a window that doubles until it holds a slot or reaches notBefore,
        // so a long downtime costs a few passes instead of one per missed slot.
        var window = TimeSpan.FromMinutes(1);
        while (true)
        {
            var from = instant - notBefore <= window ? notBefore : instant - window;
            DateTimeOffset? latest = null;
            for (var slot = NextAfter(from); slot is { } found && found <= instant; slot = NextAfter(found))
            {
                latest = found;
            }

            if (latest is not null || from == notBefore)
            {
                return latest;
            }

            window *= 2;
        }
    }

    public override string ToString() => $"{Expression} ({TimeZone.Id})";

    private DateTimeOffset ToInstant(DateTime local)
    {
        if (TimeZone.IsInvalidTime(local))
        {
            // Skipped by a clock change: fire at the end of the gap (gaps start and end on whole minutes).
            var probe = new DateTime(local.Ticks - (local.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified);
            for (var minutes = 0; minutes < 2 * 24 * 60 && TimeZone.IsInvalidTime(probe); minutes++)
            {
                probe = probe.AddMinutes(1);
            }

            return new DateTimeOffset(probe, TimeZone.GetUtcOffset(probe));
        }

        if (TimeZone.IsAmbiguousTime(local))
        {
            // Repeated by a clock change: the first occurrence is the one with the larger offset.
            return new DateTimeOffset(local, TimeZone.GetAmbiguousTimeOffsets(local).Max());
        }

        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local));
    }
}
