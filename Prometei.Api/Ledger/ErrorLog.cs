using Dapper;
using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>Failures worth an operator's look, kept 30 days (purged daily). Messages carry ids, never tokens or phones.</summary>
public sealed class ErrorLog(NpgsqlDataSource db, DailyStats stats, ILogger<ErrorLog> logger)
{
    public async Task AddAsync(string source, string operation, string message, string? reference = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO error_log (source, operation, message, reference) VALUES (@source, @operation, @message, @reference)",
                new { source, operation, message = Truncate(message, 2000), reference = reference is null ? null : Truncate(reference, 200) },
                cancellationToken: cancellationToken));
            await stats.IncrementAsync(DailyStats.Errors, 1, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            // The error log must never turn one failure into two.
            LedgerLog.ErrorLogWriteFailed(logger, ex);
        }
    }

    public async Task<ErrorPage> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM error_log", cancellationToken: cancellationToken));
        var items = await connection.QueryAsync<ErrorEntry>(new CommandDefinition(
            """
            SELECT id, occurred_at, source, operation, message, reference FROM error_log
            ORDER BY occurred_at DESC, id DESC LIMIT @pageSize OFFSET @offset
            """,
            new { pageSize, offset = (page - 1) * pageSize },
            cancellationToken: cancellationToken));
        return new ErrorPage(page, pageSize, total, items.ToList());
    }

    public async Task<ErrorEntry?> LastAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ErrorEntry>(new CommandDefinition(
            "SELECT id, occurred_at, source, operation, message, reference FROM error_log ORDER BY occurred_at DESC, id DESC LIMIT 1",
            cancellationToken: cancellationToken));
    }

    public async Task<long> CountSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM error_log WHERE occurred_at >= @since", new { since }, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes entries older than <paramref name="olderThan"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM error_log WHERE occurred_at < @olderThan", new { olderThan }, cancellationToken: cancellationToken));
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
