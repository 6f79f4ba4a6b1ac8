using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// Reads amoCRM's form-encoded webhooks: bracketed keys <c>leads[status|add|update][i][field]</c> and <c>account[id|subdomain]</c>,
/// several leads and actions per call. Pure: the validator runs it before anything is stored, the workflow runs it again.
/// </summary>
public static partial class AmoCrmWebhook
{
    private static readonly string[] s_leadActions = ["status", "add", "update"];

    /// <summary>The lead events of a webhook body, or the reason the body is not a webhook we can use.</summary>
    public static (IReadOnlyList<AmoCrmLeadEvent> Events, string? Error) Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return ([], "The body is empty.");
        }

        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                return ([], "The body is not form-encoded.");
            }

            string key;
            string value;
            try
            {
                key = Uri.UnescapeDataString(pair[..eq].Replace('+', ' '));
                value = Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            }
            catch (UriFormatException)
            {
                return ([], "The body holds a badly escaped value.");
            }

            form[key] = value;
        }

        if (!form.Keys.Any(k => EventKind().IsMatch(k)))
        {
            return ([], "The body holds no events ({entity}[{action}][…]).");
        }

        // Deliveries of other events (tasks, chat messages, unsorted, templates) may carry no account id (amoCRM's own
        // examples); they are acknowledged, not refused, so a hook that also sends them is not switched off.
        if (!form.Keys.Any(IsLeadEventKey))
        {
            return ([], null);
        }

        if (!form.TryGetValue("account[id]", out var accountText) || !long.TryParse(accountText, NumberStyles.None, CultureInfo.InvariantCulture, out var accountId))
        {
            return ([], "account[id] is missing or not a number.");
        }

        form.TryGetValue("account[subdomain]", out var subdomain);
        var events = new List<AmoCrmLeadEvent>();
        var seen = new HashSet<(string, string)>();
        foreach (var key in form.Keys)
        {
            var match = LeadKey().Match(key);
            if (!match.Success || !s_leadActions.Contains(match.Groups["action"].Value) || !seen.Add((match.Groups["action"].Value, match.Groups["index"].Value)))
            {
                continue;
            }

            var action = match.Groups["action"].Value;
            var prefix = $"leads[{action}][{match.Groups["index"].Value}]";
            string? Field(string name) => form.TryGetValue($"{prefix}[{name}]", out var v) && v.Length > 0 ? v : null;
            long? Number(string name) => Field(name) is { } v && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

            if (Number("id") is not { } leadId)
            {
                return ([], $"{prefix}[id] is missing or not a number.");
            }

            foreach (var numeric in new[] { "status_id", "pipeline_id", "old_status_id", "old_pipeline_id" })
            {
                if (Field(numeric) is { } text && Number(numeric) is null)
                {
                    return ([], $"{prefix}[{numeric}] is not a number.");
                }
            }

            var statusId = Number("status_id");
            var pipelineId = Number("pipeline_id");
            var oldStatusId = Number("old_status_id");
            var oldPipelineId = Number("old_pipeline_id");
            // A Digital Pipeline hook carries no time (contract §14.6), and a time in another form is not the event list's.
            var timestamp = Number("updated_at") ?? Number("last_modified");
            var statusChanged = action == "status" || (oldStatusId is not null && oldStatusId != statusId);
            var pipelineChanged = oldPipelineId is not null && oldPipelineId != pipelineId;
            events.Add(new AmoCrmLeadEvent(
                action, leadId, accountId, subdomain, pipelineId, statusId, oldPipelineId, oldStatusId, pipelineChanged, statusChanged,
                WebhookId(accountId, leadId, action, statusId, timestamp), timestamp));
        }

        return (events, null);
    }

    /// <summary>
    /// What a well-formed delivery holds when no event in it is one the flow acts on (see <see cref="Actionable"/>), such as
    /// <c>contacts[add]</c>, <c>leads[delete]</c>, <c>task[update]</c>, a lead added without a status change, or a Digital
    /// Pipeline status hook, which carries no time: then it is acknowledged and nothing is stored. Otherwise null.
    /// </summary>
    public static string? UnusedEvents(string? body)
    {
        var (events, error) = Parse(body);
        if (error is not null || events.Any(Actionable))
        {
            return null;
        }

        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pair in body!.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var match = EventKind().Match(Uri.UnescapeDataString(pair[..pair.IndexOf('=')].Replace('+', ' ')));
            if (match.Success)
            {
                kinds.Add(match.Value);
            }
        }

        var what = string.Join(",", kinds);
        return events.Any(e => e.Timestamp is null && (e.StatusChanged || e.PipelineChanged)) ? what + " (no time: left to the catch-up)" : what;
    }

    /// <summary>
    /// A status or pipeline change with its time. The time is part of the ERP task's key that the catch-up derives from amoCRM's
    /// event list too; a change without one (a Digital Pipeline hook) is left to the catch-up, which reads it within minutes.
    /// Keyed by "no time" instead, it would get a second task from the catch-up, and a lead entering the stage again none.
    /// </summary>
    public static bool Actionable(AmoCrmLeadEvent e) => (e.StatusChanged || e.PipelineChanged) && e.Timestamp is not null;

    /// <summary>Whether an event is <see cref="Actionable"/> and passes the configured pipeline and status filters (empty filters pass everything).</summary>
    public static bool Matches(AmoCrmLeadEvent e, IReadOnlyCollection<long> pipelines, IReadOnlyCollection<long> statuses) =>
        Actionable(e)
        && (pipelines.Count == 0 || (e.PipelineId is { } p && pipelines.Contains(p)))
        && (statuses.Count == 0 || (e.StatusId is { } s && statuses.Contains(s)));

    /// <summary>Reads a filter setting such as <c>"7012345, 7012346"</c>.</summary>
    public static IReadOnlyList<long> ParseIds(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)
                .Select(t => long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new FormatException($"'{t}' is not an id."))
                .ToList();

    /// <summary>
    /// The body with only the fields <see cref="Parse"/> reads (each lead event's ids, statuses, pipelines and times, and the
    /// account's id and subdomain), in their order; the lead's name, price, custom fields and anything else are dropped.
    /// Parsing the reduced body gives the same events.
    /// </summary>
    public static string Reduce(string body)
    {
        var kept = new List<string>();
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            string key;
            try
            {
                key = Uri.UnescapeDataString(pair[..eq].Replace('+', ' '));
            }
            catch (UriFormatException)
            {
                continue;
            }

            if (key is "account[id]" or "account[subdomain]" || KeptLeadField().IsMatch(key))
            {
                kept.Add(pair);
            }
        }

        return string.Join('&', kept);
    }

    private static string WebhookId(long accountId, long leadId, string action, long? statusId, long? timestamp)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{accountId}:{leadId}:{action}:{statusId}:{timestamp}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
    }

    private static bool IsLeadEventKey(string key) =>
        LeadKey().Match(key) is { Success: true } match && s_leadActions.Contains(match.Groups["action"].Value);

    /// <summary>
    /// <c>{entity}[{action}]</c> at the start of a key other than the account's: <c>leads[status]</c>, <c>task[update]</c>, <c>add[0]</c>.
    /// Names only (lower-case letters, digits, <c>_</c>): what matches is logged and tagged on a metric, so no value may pass as one.
    /// </summary>
    [GeneratedRegex(@"^(?!account\[)[a-z_]{1,32}\[[a-z_0-9]{1,32}\]", RegexOptions.CultureInvariant)]
    private static partial Regex EventKind();

    [GeneratedRegex(@"^leads\[(?<action>[a-z_]+)\]\[(?<index>\d+)\]\[", RegexOptions.CultureInvariant)]
    private static partial Regex LeadKey();

    [GeneratedRegex(@"^leads\[(status|add|update)\]\[\d+\]\[(id|status_id|pipeline_id|old_status_id|old_pipeline_id|updated_at|last_modified)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex KeptLeadField();
}
