using System.Globalization;
using System.Text.Json.Nodes;

namespace Prometei.Fakes.AmoCrm;

/// <summary>
/// <c>GET /api/v4/events</c> (contract §17): <c>filter[type]</c>, <c>filter[entity]</c>, <c>filter[entity_id]</c>,
/// <c>filter[created_at]</c> (a timestamp, or <c>[from]</c>/<c>[to]</c>), <c>filter[value_after|value_before][leads_statuses][i][pipeline_id|status_id]</c>,
/// <c>limit</c> ≤ 100 and <c>page</c>; newest first; 204 when nothing matches.
/// </summary>
internal static class AmoCrmEventsEndpoints
{
    public const int MaxLimit = 100;

    public static IResult List(HttpRequest request, AmoCrmAccount account)
    {
        if (!AmoCrmRequests.TryPaging(request, MaxLimit, out var page, out var limit, out var error))
        {
            return error!;
        }

        var query = request.Query;
        lock (account.Sync)
        {
            IEnumerable<AmoEvent> events = account.Events;
            var types = Values(query, "filter[type]");
            if (types.Count > 0)
            {
                events = events.Where(e => types.Contains(e.Type));
            }

            if (query["filter[entity]"].ToString() is { Length: > 0 } entity && entity != "lead")
            {
                events = [];
            }

            var ids = Values(query, "filter[entity_id]").Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToHashSet();
            if (ids.Count > 0)
            {
                events = events.Where(e => ids.Contains(e.EntityId));
            }

            if (Long(query, "filter[created_at]") is long since)
            {
                events = events.Where(e => e.CreatedAt >= since);
            }

            if (Long(query, "filter[created_at][from]") is long from)
            {
                events = events.Where(e => e.CreatedAt >= from);
            }

            if (Long(query, "filter[created_at][to]") is long to)
            {
                events = events.Where(e => e.CreatedAt <= to);
            }

            var after = Stages(query, "value_after");
            if (after.Count > 0)
            {
                events = events.Where(e => after.Contains((e.PipelineAfter, e.StatusAfter)));
            }

            var before = Stages(query, "value_before");
            if (before.Count > 0)
            {
                events = events.Where(e => before.Contains((e.PipelineBefore, e.StatusBefore)));
            }

            var all = events.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id, StringComparer.Ordinal).ToList();
            return AmoCrmJson.List(request, "events", all, page, limit, e => Render(e, account));
        }
    }

    private static JsonObject Render(AmoEvent e, AmoCrmAccount account) => new()
    {
        ["id"] = e.Id,
        ["type"] = e.Type,
        ["entity_id"] = e.EntityId,
        ["entity_type"] = "lead",
        ["created_by"] = e.CreatedBy,
        ["created_at"] = e.CreatedAt,
        ["value_after"] = new JsonArray(new JsonObject { ["lead_status"] = new JsonObject { ["id"] = e.StatusAfter, ["pipeline_id"] = e.PipelineAfter } }),
        ["value_before"] = new JsonArray(new JsonObject { ["lead_status"] = new JsonObject { ["id"] = e.StatusBefore, ["pipeline_id"] = e.PipelineBefore } }),
        ["account_id"] = account.Options.AccountId,
        ["_links"] = new JsonObject { ["self"] = new JsonObject { ["href"] = $"/api/v4/events/{e.Id}" } },
        ["_embedded"] = new JsonObject(),
    };

    private static List<string> Values(IQueryCollection query, string name) =>
        query.Where(q => q.Key == name || (q.Key.StartsWith(name + "[", StringComparison.Ordinal) && q.Key.EndsWith(']') && q.Key.IndexOf('[', name.Length + 1) < 0))
            .SelectMany(q => q.Value.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)))
            .ToList();

    private static long? Long(IQueryCollection query, string name) =>
        long.TryParse(query[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static HashSet<(long, long)> Stages(IQueryCollection query, string which)
    {
        var stages = new HashSet<(long, long)>();
        for (var i = 0; ; i++)
        {
            var prefix = $"filter[{which}][leads_statuses][{i.ToString(CultureInfo.InvariantCulture)}]";
            if (Long(query, prefix + "[pipeline_id]") is not long pipeline || Long(query, prefix + "[status_id]") is not long status)
            {
                return stages;
            }

            stages.Add((pipeline, status));
        }
    }
}
