using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Prometei.Fakes.AmoCrm;

/// <summary>Reading amoCRM requests: JSON bodies, <c>with=</c>, paging, <c>filter[...]</c> and <c>order[...]</c>.</summary>
internal static class AmoCrmRequests
{
    public static async Task<(JsonNode? Body, IResult? Error)> ReadJsonAsync(HttpRequest request)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return (node, null);
        }
        catch (JsonException)
        {
            return (null, AmoCrmProblems.BadRequest("Syntax error: the body is not valid JSON"));
        }
    }

    /// <summary>A single-entity PATCH body: a JSON object.</summary>
    public static async Task<(JsonObject? Item, IResult? Error)> ReadObjectAsync(HttpRequest request)
    {
        var (body, error) = await ReadJsonAsync(request);
        return error is not null ? (null, error)
            : body is JsonObject item ? (item, null)
            : (null, AmoCrmProblems.BadRequest("Request body must be a JSON object"));
    }

    /// <summary>A write body: a JSON array of 1 to <paramref name="max"/> objects.</summary>
    public static async Task<(List<JsonObject>? Items, IResult? Error)> ReadBatchAsync(HttpRequest request, int max, string entity)
    {
        var (body, error) = await ReadJsonAsync(request);
        if (error is not null)
        {
            return (null, error);
        }

        var items = AmoCrmWrites.ReadBatch(body, max, entity, out error);
        return (items, error);
    }

    public static IReadOnlySet<string> With(HttpRequest request) =>
        request.Query["with"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>page</c> (1-based) and <c>limit</c> (default 50, clamped to the maximum).</summary>
    public static bool TryPaging(HttpRequest request, int maxLimit, out int page, out int limit, out IResult? error)
    {
        error = null;
        page = 1;
        limit = 50;
        if (request.Query.TryGetValue("page", out var pageText)
            && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            error = AmoCrmProblems.BadRequest("page must be a positive integer");
            return false;
        }

        if (request.Query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            error = AmoCrmProblems.BadRequest("limit must be a positive integer");
            return false;
        }

        limit = Math.Min(limit, maxLimit);
        return true;
    }

    /// <summary>All integers given for <c>filter[{name}]</c>, <c>filter[{name}][]</c> or <c>filter[{name}][n]</c>.</summary>
    public static List<long> Ids(IQueryCollection query, string name)
    {
        var prefix = $"filter[{name}]";
        return query
            .Where(q => q.Key.Equals(prefix, StringComparison.OrdinalIgnoreCase)
                || (q.Key.StartsWith(prefix + "[", StringComparison.OrdinalIgnoreCase) && !q.Key.EndsWith("][from]", StringComparison.OrdinalIgnoreCase) && !q.Key.EndsWith("][to]", StringComparison.OrdinalIgnoreCase)))
            .SelectMany(q => q.Value)
            .SelectMany(v => (v ?? "").Split(','))
            .Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
            .OfType<long>()
            .ToList();
    }

    /// <summary><c>filter[{name}][from]</c> and <c>filter[{name}][to]</c> (Unix seconds).</summary>
    public static (long? From, long? To) Range(IQueryCollection query, string name) =>
        (Number(query, $"filter[{name}][from]"), Number(query, $"filter[{name}][to]"));

    /// <summary>The first <c>order[field]=asc|desc</c>; default by id ascending.</summary>
    public static (string Field, bool Descending) Order(IQueryCollection query)
    {
        foreach (var (key, value) in query)
        {
            if (key.StartsWith("order[", StringComparison.OrdinalIgnoreCase) && key.EndsWith(']'))
            {
                var field = key[6..^1].ToLowerInvariant();
                if (field is "id" or "created_at" or "updated_at")
                {
                    return (field, string.Equals(value.ToString(), "desc", StringComparison.OrdinalIgnoreCase));
                }
            }
        }

        return ("id", false);
    }

    /// <summary><c>filter[statuses][n][pipeline_id]</c> + <c>filter[statuses][n][status_id]</c> pairs.</summary>
    public static List<(long PipelineId, long StatusId)> Statuses(IQueryCollection query)
    {
        var result = new List<(long, long)>();
        for (var i = 0; i < 100; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            var pipeline = Number(query, $"filter[statuses][{n}][pipeline_id]");
            var status = Number(query, $"filter[statuses][{n}][status_id]");
            if (pipeline is null && status is null)
            {
                break;
            }

            if (pipeline is long p && status is long s)
            {
                result.Add((p, s));
            }
        }

        return result;
    }

    public static long? Number(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
