using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// A lead's move into a stage, however it reached us: an event of amoCRM's webhook (<c>leadId</c>, <c>accountId</c>,
/// <c>statusId</c>, <c>timestamp</c> = the lead's <c>updated_at</c>) or of its event list read by the catch-up (the same names,
/// <c>timestamp</c> = the event's <c>created_at</c>, the same second). The one place that derives the ERP task's idempotency key,
/// so a change reached by both paths, or redelivered, makes one task.
/// </summary>
public sealed record AmoCrmStatusChange(long AccountId, long LeadId, long StatusId, long Timestamp)
{
    /// <summary><c>amocrm-task:{account}:{lead}:{status}:{time}</c>.</summary>
    public string TaskKey => string.Create(CultureInfo.InvariantCulture, $"amocrm-task:{AccountId}:{LeadId}:{StatusId}:{Timestamp}");

    /// <summary>Reads a change from a workflow value (a webhook event or a catch-up change); null when it is not one.</summary>
    public static AmoCrmStatusChange? From(object? value)
    {
        if (ValueConverter.ToJson(value) is not JsonObject json)
        {
            return null;
        }

        long? Number(string name) => json[name] is JsonValue v && (v.TryGetValue<long>(out var n) || (v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out n))) ? n : null;
        return Number("leadId") is > 0 and var lead && Number("accountId") is { } account && Number("statusId") is { } status && Number("timestamp") is { } time
            ? new AmoCrmStatusChange(account, lead, status, time)
            : null;
    }
}
