using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Fakes.Control;
using Prometei.Fakes.Hosting;

namespace Prometei.Fakes.Kaspi;

/// <summary>The fake Kaspi Shop API under <c>/kaspi/shop/api/v2</c> (contract §3, §6, §10, §11). Read-only.</summary>
internal static class KaspiApi
{
    public static RouteGroupBuilder MapKaspiApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(FakeVendorPaths.KaspiApiBase);
        group.MapGet("/orders", ListOrders);
        group.MapGet("/orders/{id}", GetOrder);
        group.MapGet("/orders/{id}/entries", ListEntries);
        group.MapGet("/orderentries/{id}", GetEntry);
        return group;
    }

    /// <summary>
    /// <c>GET /orders</c>: <c>page[number]</c> (from 0) and <c>page[size]</c> (≤ 100) required; <c>filter[orders][state]</c>
    /// and <c>filter[orders][creationDate][$ge]</c> required, <c>[$le]</c> defaults to now, the period ≤ 14 days; or
    /// <c>filter[orders][code]</c> alone. Sorted by creation date (<c>sort=-creationDate</c> reverses).
    /// </summary>
    public static IResult ListOrders(HttpRequest request, KaspiMerchant merchant)
    {
        var behavior = merchant.Behavior;
        var query = request.Query;
        if (!TryPage(query, behavior, required: true, out var pageNumber, out var pageSize, out var error))
        {
            return error!;
        }

        IEnumerable<FakeKaspiOrder> orders = merchant.Visible();
        if (query.TryGetValue("filter[orders][code]", out var code) && !string.IsNullOrEmpty(code))
        {
            orders = orders.Where(o => o.Code == code.ToString());
        }
        else
        {
            if (!TryStates(query, behavior, out var states, out error))
            {
                return error!;
            }

            if (!TryPeriod(query, behavior, merchant.Time.GetUtcNow(), out var from, out var to, out error))
            {
                return error!;
            }

            orders = orders.Where(o => o.CreationDate >= from && o.CreationDate <= to);
            if (states is not null)
            {
                orders = orders.Where(o => states.Contains(o.State));
            }
        }

        if (query.TryGetValue("filter[orders][status]", out var status) && !string.IsNullOrEmpty(status))
        {
            if (!KaspiVocabulary.Statuses.Contains(status.ToString()))
            {
                return KaspiJson.BadRequest($"Unknown status {status}");
            }

            orders = orders.Where(o => o.Status == status.ToString());
        }

        if (query.TryGetValue("filter[orders][signatureRequired]", out var signature) && bool.TryParse(signature, out var required))
        {
            orders = orders.Where(o => o.SignatureRequired == required);
        }

        var sort = query["sort"].ToString();
        var all = (sort.StartsWith('-') ? orders.OrderByDescending(o => o.CreationDate) : orders.OrderBy(o => o.CreationDate))
            .ThenBy(o => o.Code, StringComparer.Ordinal)
            .ToList();
        var page = all.Skip(pageNumber * pageSize).Take(pageSize).ToList();

        var include = query["include[orders]"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var baseUrl = KaspiJson.BaseUrl(request);
        var withCustomer = behavior.CustomerWithoutInclude || include.Contains("user");
        var included = new JsonArray();
        if (include.Contains("entries"))
        {
            foreach (var entry in page.SelectMany(o => o.Entries))
            {
                included.Add(KaspiJson.Entry(entry, baseUrl));
            }
        }

        if (include.Contains("user"))
        {
            foreach (var customer in page.Select(o => o.Customer).DistinctBy(c => c.Id))
            {
                included.Add(KaspiJson.Customer(customer));
            }
        }

        var document = new JsonObject
        {
            ["data"] = new JsonArray(page.Select(o => (JsonNode)KaspiJson.Order(o, baseUrl, withCustomer)).ToArray()),
            ["included"] = included,
        };
        if (!behavior.OrdersWithoutMeta)
        {
            document["meta"] = new JsonObject
            {
                ["pageCount"] = (all.Count + pageSize - 1) / pageSize,
                ["totalCount"] = all.Count,
            };
        }
        else if ((pageNumber + 1) * pageSize < all.Count)
        {
            document["links"] = new JsonObject { ["next"] = $"{baseUrl}/orders{NextPage(request.QueryString.Value, pageNumber + 1)}" };
        }

        return VendorResult.Json(200, document, KaspiJson.MediaType);
    }

    public static IResult GetOrder(string id, HttpRequest request, KaspiMerchant merchant)
    {
        var order = merchant.Visible().FirstOrDefault(o => o.Id == id);
        return order is null
            ? KaspiJson.Error(404, "Not Found", $"Order {id} not found")
            : VendorResult.Json(200, new JsonObject
            {
                ["data"] = KaspiJson.Order(order, KaspiJson.BaseUrl(request), withCustomer: true),
                ["included"] = new JsonArray(),
            }, KaspiJson.MediaType);
    }

    /// <summary><c>GET /orders/{id}/entries</c>: all lines; paging is applied only when both page parameters are given (unconfirmed either way).</summary>
    public static IResult ListEntries(string id, HttpRequest request, KaspiMerchant merchant)
    {
        var order = merchant.Visible().FirstOrDefault(o => o.Id == id);
        if (order is null)
        {
            return KaspiJson.Error(404, "Not Found", $"Order {id} not found");
        }

        IEnumerable<FakeKaspiEntry> entries = order.Entries;
        var paged = request.Query.ContainsKey("page[number]") || request.Query.ContainsKey("page[size]");
        int? pageNumber = null;
        int? pageSize = null;
        if (paged)
        {
            if (!TryPage(request.Query, merchant.Behavior, required: true, out var number, out var size, out var error))
            {
                return error!;
            }

            (pageNumber, pageSize) = (number, size);
        }
        else if (merchant.Behavior.EntriesPageSize is int served)
        {
            (pageNumber, pageSize) = (0, served);
        }

        if (pageNumber is int n && pageSize is int s)
        {
            entries = entries.Skip(n * s).Take(s);
        }

        var baseUrl = KaspiJson.BaseUrl(request);
        var body = new JsonObject
        {
            ["data"] = new JsonArray(entries.Select(e => (JsonNode)KaspiJson.Entry(e, baseUrl)).ToArray()),
            ["included"] = new JsonArray(),
        };
        if (merchant.Behavior.EntriesPageSize is not null && pageNumber is int current && pageSize is int perPage)
        {
            body["meta"] = new JsonObject { ["pageCount"] = (order.Entries.Count + perPage - 1) / perPage, ["totalCount"] = order.Entries.Count };
            if ((current + 1) * perPage < order.Entries.Count)
            {
                body["links"] = new JsonObject
                {
                    ["next"] = string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/orders/{Uri.EscapeDataString(id)}/entries?page[number]={current + 1}&page[size]={perPage}"),
                };
            }
        }

        return VendorResult.Json(200, body, KaspiJson.MediaType);
    }

    public static IResult GetEntry(string id, HttpRequest request, KaspiMerchant merchant)
    {
        var entry = merchant.Visible().SelectMany(o => o.Entries).FirstOrDefault(e => e.Id == id);
        return entry is null
            ? KaspiJson.Error(404, "Not Found", $"Order entry {id} not found")
            : VendorResult.Json(200, new JsonObject
            {
                ["data"] = KaspiJson.Entry(entry, KaspiJson.BaseUrl(request)),
                ["included"] = new JsonArray(),
            }, KaspiJson.MediaType);
    }

    /// <summary>The request's query with <c>page[number]</c> set to <paramref name="number"/>.</summary>
    private static string NextPage(string? query, int number)
    {
        var pairs = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)
            .Where(q => q.Key != "page[number]")
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append("page%5Bnumber%5D=" + number.ToString(CultureInfo.InvariantCulture));
        return "?" + string.Join('&', pairs);
    }

    private static bool TryPage(IQueryCollection query, KaspiBehavior behavior, bool required, out int number, out int size, out IResult? error)
    {
        error = null;
        number = 0;
        size = 0;
        var hasNumber = query.TryGetValue("page[number]", out var numberText);
        var hasSize = query.TryGetValue("page[size]", out var sizeText);
        if (required && (!hasNumber || !hasSize))
        {
            error = KaspiJson.BadRequest("page[number] and page[size] are required");
            return false;
        }

        if (!int.TryParse(numberText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number) || number < 0)
        {
            error = KaspiJson.BadRequest("page[number] must be an integer from 0");
            return false;
        }

        if (!int.TryParse(sizeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out size) || size < 1 || size > behavior.MaxPageSize)
        {
            error = KaspiJson.BadRequest($"page[size] must be an integer from 1 to {behavior.MaxPageSize.ToString(CultureInfo.InvariantCulture)}");
            return false;
        }

        return true;
    }

    private static bool TryStates(IQueryCollection query, KaspiBehavior behavior, out HashSet<string>? states, out IResult? error)
    {
        states = null;
        error = null;
        var text = query["filter[orders][state]"].ToString();
        if (text.Length == 0)
        {
            if (behavior.RequireStateFilter)
            {
                error = KaspiJson.BadRequest("filter[orders][state] is required");
                return false;
            }

            return true;
        }

        var values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (values.Length > 1 && !behavior.AllowSeveralStates)
        {
            error = KaspiJson.BadRequest("filter[orders][state] takes one state");
            return false;
        }

        if (values.FirstOrDefault(v => !KaspiVocabulary.States.Contains(v)) is { } unknown)
        {
            error = KaspiJson.BadRequest($"Unknown state {unknown}");
            return false;
        }

        states = [.. values];
        return true;
    }

    private static bool TryPeriod(
        IQueryCollection query, KaspiBehavior behavior, DateTimeOffset now, out DateTimeOffset from, out DateTimeOffset to, out IResult? error)
    {
        error = null;
        from = to = now;
        if (!query.TryGetValue("filter[orders][creationDate][$ge]", out var geText))
        {
            error = KaspiJson.BadRequest("filter[orders][creationDate][$ge] is required (epoch milliseconds)");
            return false;
        }

        if (!long.TryParse(geText, NumberStyles.None, CultureInfo.InvariantCulture, out var ge))
        {
            error = KaspiJson.BadRequest("filter[orders][creationDate][$ge] must be epoch milliseconds");
            return false;
        }

        var le = now.ToUnixTimeMilliseconds();
        if (query.TryGetValue("filter[orders][creationDate][$le]", out var leText)
            && !long.TryParse(leText, NumberStyles.None, CultureInfo.InvariantCulture, out le))
        {
            error = KaspiJson.BadRequest("filter[orders][creationDate][$le] must be epoch milliseconds");
            return false;
        }

        const long LastMillisecond = 253402300799999;
        if (ge > LastMillisecond || le > LastMillisecond)
        {
            error = KaspiJson.BadRequest("filter[orders][creationDate] is out of range");
            return false;
        }

        var max = (long)behavior.MaxSearchPeriod.TotalMilliseconds;
        if (le < ge)
        {
            error = KaspiJson.BadRequest("filter[orders][creationDate][$le] is before [$ge]");
            return false;
        }

        if (le - ge > max)
        {
            error = KaspiJson.BadRequest($"The search period may not exceed {behavior.MaxSearchPeriod.TotalDays.ToString(CultureInfo.InvariantCulture)} days");
            return false;
        }

        if (behavior.SearchPeriodRule == KaspiSearchPeriodRule.LookBack && ge < now.ToUnixTimeMilliseconds() - max)
        {
            error = KaspiJson.BadRequest($"Orders older than {behavior.MaxSearchPeriod.TotalDays.ToString(CultureInfo.InvariantCulture)} days cannot be searched");
            return false;
        }

        from = DateTimeOffset.FromUnixTimeMilliseconds(ge);
        to = DateTimeOffset.FromUnixTimeMilliseconds(le);
        return true;
    }
}
