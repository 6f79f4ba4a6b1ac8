using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Prometei.Api.Cli;

/// <summary>
/// <c>import-processed-orders</c>: reads the old Kaspi integrator's <c>processed_orders</c> (and <c>error_log</c>) from its
/// SQLite file or PostgreSQL database and marks those orders done in our ledger, so the first poll and reconcile create no
/// lead for them. Columns are found by name (README "Cutover from the old integrator" lists the assumed schema); a rerun
/// imports nothing twice.
/// </summary>
public sealed class ProcessedOrdersImport(NpgsqlDataSource ledger)
{
    private static readonly string[] s_codeColumns = ["kaspi_code", "order_code", "code", "kaspi_order_code", "order_id"];
    private static readonly string[] s_leadColumns = ["lead_id", "amo_lead_id", "amocrm_lead_id"];
    private static readonly string[] s_contactColumns = ["contact_id", "amo_contact_id", "amocrm_contact_id"];
    private static readonly string[] s_timeColumns = ["processed_at", "synced_at", "created_at", "updated_at"];
    private static readonly string[] s_statusColumns = ["status", "state"];
    private static readonly string[] s_messageColumns = ["message", "error", "error_message", "text"];
    private static readonly string[] s_errorTimeColumns = ["created_at", "occurred_at", "timestamp", "ts", "logged_at"];
    private static readonly string[] s_unfinished = ["failed", "error", "pending", "in_progress", "processing", "retry"];

    public async Task<ProcessedOrdersImportResult> RunAsync(string? sqlitePath, string? postgres, CancellationToken cancellationToken)
    {
        if ((sqlitePath is null) == (postgres is null))
        {
            throw new CliUsageException("name the old database: --sqlite FILE or --postgres CONNECTION-STRING (one of them).");
        }

        if (sqlitePath is not null && !File.Exists(sqlitePath))
        {
            throw new CliUsageException($"--sqlite: there is no file {sqlitePath}.");
        }

        await using DbConnection source = sqlitePath is not null
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly }.ToString())
            : new NpgsqlConnection(postgres);
        await source.OpenAsync(cancellationToken);

        var orders = await ReadAsync(source, "processed_orders", cancellationToken)
            ?? throw new CliUsageException("the old database has no table processed_orders.");
        var errors = await ReadAsync(source, "error_log", cancellationToken) ?? new Table("error_log", [], []);

        var codeColumn = Column(orders, s_codeColumns, required: true)!;
        int imported = 0, already = 0, skipped = 0;
        await using var connection = await ledger.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var row in orders.Rows)
        {
            var code = Text(row, codeColumn);
            var status = Text(row, Column(orders, s_statusColumns));
            if (string.IsNullOrWhiteSpace(code) || (status is not null && s_unfinished.Contains(status.Trim().ToLowerInvariant())))
            {
                skipped++; // not done by the old integrator: our poll or reconcile makes its lead
                continue;
            }

            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO processed_orders (kaspi_code, state, lead_id, contact_id, note_added, synced_at, last_error)
                VALUES ($1, 'synced', $2, $3, true, coalesce($4, now()), 'imported from the old integrator')
                ON CONFLICT (kaspi_code) DO UPDATE
                    SET state = 'synced', lead_id = coalesce(processed_orders.lead_id, EXCLUDED.lead_id),
                        contact_id = coalesce(processed_orders.contact_id, EXCLUDED.contact_id), note_added = true,
                        synced_at = EXCLUDED.synced_at, last_error = EXCLUDED.last_error, updated_at = now()
                    WHERE processed_orders.state IN ('pending', 'failed')
                RETURNING 1
                """,
                connection,
                transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = code.Trim() });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)Long(row, Column(orders, s_leadColumns)) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)Long(row, Column(orders, s_contactColumns)) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)Time(row, Column(orders, s_timeColumns)) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            if (await insert.ExecuteScalarAsync(cancellationToken) is null)
            {
                already++;
            }
            else
            {
                imported++;
            }
        }

        int errorsImported = 0;
        if (errors.Rows.Count > 0 && Column(errors, s_messageColumns) is { } messageColumn)
        {
            var timeColumn = Column(errors, s_errorTimeColumns);
            var referenceColumn = Column(errors, s_codeColumns);
            foreach (var row in errors.Rows)
            {
                await using var insert = new NpgsqlCommand(
                    """
                    INSERT INTO error_log (occurred_at, source, operation, message, reference)
                    SELECT coalesce($1, now()), 'old-integrator', 'import', $2, $3
                    WHERE NOT EXISTS (SELECT 1 FROM error_log WHERE source = 'old-integrator' AND occurred_at = coalesce($1, occurred_at)
                                      AND message = $2 AND reference IS NOT DISTINCT FROM $3)
                    """,
                    connection,
                    transaction);
                insert.Parameters.Add(new NpgsqlParameter { Value = (object?)Time(row, timeColumn) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
                insert.Parameters.Add(new NpgsqlParameter { Value = Text(row, messageColumn) ?? "" });
                insert.Parameters.Add(new NpgsqlParameter { Value = (object?)Text(row, referenceColumn) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
                errorsImported += await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new ProcessedOrdersImportResult(sqlitePath is not null ? "sqlite" : "postgresql", orders.Rows.Count, imported, already, skipped, errors.Rows.Count, errorsImported);
    }

    private static async Task<Table?> ReadAsync(DbConnection source, string table, CancellationToken cancellationToken)
    {
        await using var exists = source.CreateCommand();
        exists.CommandText = source is SqliteConnection
            ? $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
            : $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table}' AND table_schema = ANY (current_schemas(false))";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        await using var select = source.CreateCommand();
        select.CommandText = $"SELECT * FROM {table}";
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(values);
        }

        return new Table(table, columns, rows);
    }

    private static int? Column(Table table, string[] names, bool required = false)
    {
        foreach (var name in names)
        {
            var index = table.Columns.FindIndex(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index;
            }
        }

        return required
            ? throw new CliUsageException($"{table.Name} has none of the columns {string.Join(", ", names)} (it has {string.Join(", ", table.Columns)}).")
            : null;
    }

    private static string? Text(object?[] row, int? column) =>
        column is { } c && row[c] is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    private static long? Long(object?[] row, int? column) =>
        long.TryParse(Text(row, column), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;

    /// <summary>A timestamp as the old databases held it: a date-time, ISO text, or Unix seconds or milliseconds.</summary>
    private static DateTimeOffset? Time(object?[] row, int? column)
    {
        switch (column is { } c ? row[c] : null)
        {
            case DateTimeOffset at:
                return at;
            case DateTime at:
                return new DateTimeOffset(at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime());
            case long or int or double or decimal:
                var number = Convert.ToInt64(row[column!.Value], CultureInfo.InvariantCulture);
                return number > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(number) : DateTimeOffset.FromUnixTimeSeconds(number);
            case string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at):
                return at;
            default:
                return null;
        }
    }

    private sealed record Table(string Name, List<string> Columns, List<object?[]> Rows);
}
