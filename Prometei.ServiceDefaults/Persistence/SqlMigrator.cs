using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Prometei.ServiceDefaults.Persistence;

/// <summary>
/// Applies numbered SQL scripts in order, each in its own transaction, and records their ids in a
/// <c>__migrations</c> table. The whole run holds a PostgreSQL advisory lock, so instances that start together
/// migrate once: the others wait, then find nothing left to do.
/// </summary>
/// <remarks>
/// Scripts are embedded resources whose names end in <c>.sql</c> and sit under a folder named <c>Migrations</c>
/// (e.g. <c>Persistence/Migrations/0001_initial.sql</c>, id <c>0001_initial</c>). Ids start with a number, which orders
/// them; a script never changes once applied, a change is a new script. While a script runs, <c>search_path</c> is the
/// migration schema (then <c>public</c>), so unqualified names land in that schema.
/// </remarks>
public static class SqlMigrator
{
    /// <summary>The <see cref="ActivitySource"/> with a span around each run and each script.</summary>
    public const string ActivitySourceName = "Prometei.Migrations";

    /// <summary>The schema that holds the <c>__migrations</c> table when none is given.</summary>
    public const string DefaultSchema = "public";

    /// <summary>The table that records applied script ids.</summary>
    public const string HistoryTable = "__migrations";

    private const string ResourceFolder = "Migrations";
    private static readonly ActivitySource s_activitySource = new(ActivitySourceName);

    /// <summary>Applies the scripts embedded in <paramref name="assembly"/> that are not applied yet.</summary>
    /// <param name="dataSource">The database to migrate.</param>
    /// <param name="assembly">The assembly whose <c>Migrations</c> folder holds the <c>.sql</c> resources.</param>
    /// <param name="schema">The schema of the <c>__migrations</c> table and of unqualified names in the scripts; <c>public</c> when null.</param>
    /// <param name="logger">Receives progress lines; none when null.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock and the running script (which is then rolled back).</param>
    /// <returns>How many scripts this call applied: 0 when the database was up to date.</returns>
    /// <exception cref="SqlMigrationException">A script failed; it was rolled back and the scripts after it were not run.</exception>
    public static Task<int> MigrateAsync(
        NpgsqlDataSource dataSource,
        Assembly assembly,
        string? schema = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return MigrateAsync(dataSource, LoadScripts(assembly), schema, logger, cancellationToken);
    }

    /// <summary>Applies those of <paramref name="scripts"/> that are not applied yet, ordered by their number.</summary>
    /// <inheritdoc cref="MigrateAsync(NpgsqlDataSource, Assembly, string?, ILogger?, CancellationToken)"/>
    public static async Task<int> MigrateAsync(
        NpgsqlDataSource dataSource,
        IEnumerable<SqlMigrationScript> scripts,
        string? schema = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(scripts);
        var ordered = Order(scripts);
        schema = string.IsNullOrWhiteSpace(schema) ? DefaultSchema : schema;
        logger ??= NullLogger.Instance;

        using var activity = s_activitySource.StartActivity("Migrate database");
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var database = connection.Database;
            activity?.SetTag("db.system.name", "postgresql");
            activity?.SetTag("db.namespace", database);
            activity?.SetTag("prometei.migrations.schema", schema);
            SqlMigratorLog.Starting(logger, database, schema, ordered.Count);

            var lockKey = GetLockKey(schema);
            await AcquireLockAsync(connection, lockKey, schema, logger, cancellationToken);
            try
            {
                var applied = await ApplyPendingAsync(connection, ordered, schema, logger, cancellationToken);
                activity?.SetTag("prometei.migrations.applied", applied);
                if (applied == 0)
                {
                    SqlMigratorLog.UpToDate(logger, database, schema);
                }
                else
                {
                    SqlMigratorLog.Finished(logger, applied, database, schema, stopwatch.ElapsedMilliseconds);
                }

                return applied;
            }
            finally
            {
                await ReleaseLockAsync(connection, lockKey, logger);
            }
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.AddException(ex);
            throw;
        }
    }

    /// <summary>The migration scripts embedded in <paramref name="assembly"/>, ordered by number.</summary>
    /// <exception cref="InvalidOperationException">A script's id does not start with a number, or two scripts share an id.</exception>
    public static IReadOnlyList<SqlMigrationScript> LoadScripts(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var scripts = new List<SqlMigrationScript>();
        foreach (var resourceName in assembly.GetManifestResourceNames())
        {
            if (!resourceName.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // "Prometei.Api.Persistence.Migrations.0001_initial.sql": folders, then the id.
            var stem = resourceName[..^".sql".Length];
            var lastDot = stem.LastIndexOf('.');
            var folders = lastDot < 0 ? "" : stem[..lastDot];
            if (!$".{folders}.".Contains($".{ResourceFolder}.", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resourceName)
                ?? throw new InvalidOperationException($"The resource {resourceName} could not be read.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add(new SqlMigrationScript(stem[(lastDot + 1)..], reader.ReadToEnd()));
        }

        return Order(scripts);
    }

    /// <summary>
    /// The advisory lock key for <paramref name="schema"/>: the first 8 bytes of a SHA-256, so every instance and
    /// version of a service computes the same key. Advisory locks are per database, so services with their own
    /// databases never contend.
    /// </summary>
    public static long GetLockKey(string schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{ActivitySourceName}:{schema}"));
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }

    private static async Task<int> ApplyPendingAsync(
        NpgsqlConnection connection,
        IReadOnlyList<SqlMigrationScript> scripts,
        string schema,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var quotedSchema = QuoteIdentifier(schema);
        var historyTable = $"{quotedSchema}.{QuoteIdentifier(HistoryTable)}";

        // Under the lock, so two instances never race on CREATE ... IF NOT EXISTS.
        await ExecuteAsync(
            connection,
            $"""
            CREATE SCHEMA IF NOT EXISTS {quotedSchema};
            CREATE TABLE IF NOT EXISTS {historyTable} (
                id text PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """,
            cancellationToken);

        var applied = new List<string>();
        await using (var select = new NpgsqlCommand($"SELECT id FROM {historyTable}", connection))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }

        var appliedIds = applied.ToHashSet(StringComparer.Ordinal);
        var latestApplied = applied.Where(id => TryGetNumber(id) is not null).MaxBy(TryGetNumber);
        var pending = scripts.Where(script => !appliedIds.Contains(script.Id)).ToList();
        foreach (var script in pending)
        {
            if (latestApplied is not null && TryGetNumber(latestApplied) > GetNumber(script.Id))
            {
                SqlMigratorLog.OutOfOrder(logger, script.Id, latestApplied);
            }

            await ApplyAsync(connection, script, schema, historyTable, logger, cancellationToken);
        }

        return pending.Count;
    }

    private static async Task ApplyAsync(
        NpgsqlConnection connection,
        SqlMigrationScript script,
        string schema,
        string historyTable,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        using var activity = s_activitySource.StartActivity("Apply migration");
        activity?.SetTag("prometei.migrations.id", script.Id);
        SqlMigratorLog.Applying(logger, script.Id);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (schema != DefaultSchema)
            {
                await ExecuteAsync(connection, $"SET LOCAL search_path TO {QuoteIdentifier(schema)}, public", cancellationToken);
            }

            await ExecuteAsync(connection, script.Sql, cancellationToken);
            await using (var record = new NpgsqlCommand($"INSERT INTO {historyTable} (id) VALUES ($1)", connection))
            {
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = script.Id });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Disposing the transaction rolled the script back; the caller stops here.
            SqlMigratorLog.Failed(logger, ex, script.Id);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw new SqlMigrationException(script.Id, ex);
        }

        SqlMigratorLog.Applied(logger, script.Id, stopwatch.ElapsedMilliseconds);
    }

    private static async Task AcquireLockAsync(
        NpgsqlConnection connection,
        long key,
        string schema,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection))
        {
            tryLock.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
            if (await tryLock.ExecuteScalarAsync(cancellationToken) is true)
            {
                return;
            }
        }

        SqlMigratorLog.WaitingForLock(logger, connection.Database, schema);
        await using var waitForLock = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection)
        {
            // As long as the other instance's scripts take; the cancellation token bounds the wait.
            CommandTimeout = 0,
        };
        waitForLock.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        await waitForLock.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ReleaseLockAsync(NpgsqlConnection connection, long key, ILogger logger)
    {
        try
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            unlock.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // A broken connection: the server released the lock when the session ended.
            SqlMigratorLog.UnlockFailed(logger, ex);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        // Migrations may run longer than the default 30 s command timeout; the cancellation token bounds them.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<SqlMigrationScript> Order(IEnumerable<SqlMigrationScript> scripts)
    {
        var list = scripts.ToList();
        if (list.GroupBy(script => script.Id, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1) is { } duplicate)
        {
            throw new InvalidOperationException($"Two migration scripts have the id {duplicate.Key}.");
        }

        var numbered = list.Select(script => (Script: script, Number: GetNumber(script.Id))).ToList();
        return [.. numbered.OrderBy(entry => entry.Number).ThenBy(entry => entry.Script.Id, StringComparer.Ordinal).Select(entry => entry.Script)];
    }

    private static long GetNumber(string id) => TryGetNumber(id) ?? throw new InvalidOperationException(
        $"The migration id '{id}' does not start with a number; name scripts like 0001_initial.sql.");

    private static long? TryGetNumber(string id)
    {
        var digits = id.TakeWhile(char.IsAsciiDigit).Count();
        return digits > 0 && long.TryParse(id.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
