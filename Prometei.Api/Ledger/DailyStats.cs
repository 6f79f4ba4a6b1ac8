using Dapper;
using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>Counters per day (Asia/Almaty) and metric.</summary>
public sealed class DailyStats(NpgsqlDataSource db, GatewayClock clock, ILogger<DailyStats> logger)
{
    public const string OrdersSynced = "orders_synced";
    public const string OrdersFailed = "orders_failed";
    public const string LeadsCreated = "leads_created";
    public const string ContactsCreated = "contacts_created";
    public const string NotesAdded = "notes_added";

    /// <summary>Leads made without a contact because the order's phone was missing, masked or malformed (tagged for review).</summary>
    public const string OrdersForReview = "orders_phone_review";
    public const string AmoCrmRequests = "amocrm_requests";
    public const string AmoCrm429 = "amocrm_429";
    public const string TokenRefreshes = "amocrm_token_refreshes";
    public const string KaspiPolls = "kaspi_polls";
    public const string KaspiOrdersSeen = "kaspi_orders_seen";
    public const string ErpTasks = "erp_tasks";
    public const string ErpDeals = "erp_deals";
    public const string AlertsSent = "alerts_sent";
    public const string Errors = "errors";
    public const string IdempotentReplays = "idempotent_replays";

    public async Task IncrementAsync(string metric, long by = 1, CancellationToken cancellationToken = default)
    {
        if (by == 0)
        {
            return;
        }

        try
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO daily_stats (day, metric, value) VALUES (@day::date, @metric, @by)
                ON CONFLICT (day, metric) DO UPDATE SET value = daily_stats.value + EXCLUDED.value
                """,
                new { day = clock.Today.ToDateTime(TimeOnly.MinValue), metric, by },
                cancellationToken: cancellationToken));
        }
        catch (NpgsqlException ex)
        {
            LedgerLog.StatsWriteFailed(logger, metric, ex);
        }
    }

    /// <summary>Each metric summed over the days from <paramref name="from"/> to today.</summary>
    public async Task<Dictionary<string, long>> SumAsync(DateOnly from, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Metric, long Value)>(new CommandDefinition(
            "SELECT metric, sum(value)::bigint FROM daily_stats WHERE day >= @from::date GROUP BY metric ORDER BY metric",
            new { from = from.ToDateTime(TimeOnly.MinValue) },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Metric, r => r.Value, StringComparer.Ordinal);
    }

    /// <summary>Per day from <paramref name="from"/>: metric → value.</summary>
    public async Task<SortedDictionary<DateOnly, Dictionary<string, long>>> DaysAsync(DateOnly from, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(DateTime Day, string Metric, long Value)>(new CommandDefinition(
            "SELECT day::timestamp, metric, value FROM daily_stats WHERE day >= @from::date ORDER BY day, metric",
            new { from = from.ToDateTime(TimeOnly.MinValue) },
            cancellationToken: cancellationToken));
        var result = new SortedDictionary<DateOnly, Dictionary<string, long>>();
        foreach (var (dayTime, metric, value) in rows)
        {
            var day = DateOnly.FromDateTime(dayTime);
            if (!result.TryGetValue(day, out var metrics))
            {
                result[day] = metrics = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            metrics[metric] = value;
        }

        return result;
    }
}
