using Npgsql;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>Writes exported instances (the Elsa API's bulk import) with their journals and bookmarks.</summary>
public sealed class InstanceImporter(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Writes exported instances in one transaction: each instance row with its state, its execution records, its log and its
    /// bookmarks. An instance whose id exists already is left as it is, journal included, and reported as skipped. Every
    /// instance's definition version must exist (it stays locked against deletion until the commit); when one does not, or when
    /// the id of one of its execution records is taken, nothing is written. Nothing is queued: the instances do not run by themselves.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(IReadOnlyList<ImportedInstance> imports, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var errors = await CheckVersionsAsync(connection, transaction, imports, cancellationToken);
        if (errors.Count > 0)
        {
            return new ImportOutcome(0, [], errors);
        }

        var imported = 0;
        var skipped = new List<string>();
        foreach (var import in imports)
        {
            var s = import.State;
            await using var insert = new NpgsqlBatch(connection, transaction);
            insert.BatchCommands.Add(InstanceStarter.InsertInstance(s, import.ReplayOf, null, [], ignoreExisting: true));
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                skipped.Add(s.Id);
                continue;
            }

            if (await RecordIdTakenAsync(connection, transaction, s.Id, import.Records, cancellationToken))
            {
                return new ImportOutcome(0, [], [$"Workflow instance '{s.Id}': a record of its journal has an id another instance already uses; nothing was imported."]);
            }

            await using var journal = new NpgsqlBatch(connection, transaction);
            if (import.Records.Count > 0)
            {
                journal.BatchCommands.Add(Command(JournalRows.InsertRecordsSql, JournalRows.RecordValues(s.Id, import.Records)));
                journal.BatchCommands.Add(Command(JournalRows.InsertRecordIdsSql, JournalRows.RecordIdValues(s.Id, import.Records)));
            }

            if (JournalRows.LogValues(s.Id, import.Log.OrderBy(l => l.Sequence)) is { } log)
            {
                journal.BatchCommands.Add(Command(JournalRows.InsertLogSql, log));
            }

            foreach (var b in s.Bookmarks)
            {
                journal.BatchCommands.Add(Command(JournalRows.InsertBookmarkSql, JournalRows.BookmarkValues(s.Id, b, (s.FindFrame(b.FrameId)?.StartedAt ?? s.UpdatedAt).ToUniversalTime())));
            }

            if (journal.BatchCommands.Count > 0)
            {
                try
                {
                    await journal.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    return new ImportOutcome(0, [], [$"Workflow instance '{s.Id}': a record of its journal has an id another instance already uses ({ex.TableName}); nothing was imported."]);
                }
            }

            imported++;
        }

        await transaction.CommitAsync(cancellationToken);
        return new ImportOutcome(imported, skipped, []);
    }

    /// <summary>
    /// Whether one of the records has the id of a record that another instance's steps wrote, an id naming that instance
    /// (<see cref="ExecutionRecordId"/>). Ids listed in <c>activity_execution_ids</c> (older or imported) are checked by its key.
    /// </summary>
    private static async Task<bool> RecordIdTakenAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string instanceId, IReadOnlyList<ActivityExecutionRecord> records, CancellationToken cancellationToken)
    {
        var owners = records.Select(r => ExecutionRecordId.InstanceOf(r.Id)).OfType<string>().Where(i => i != instanceId).Distinct(StringComparer.Ordinal).ToArray();
        if (owners.Length == 0)
        {
            return false;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command(
            "SELECT EXISTS (SELECT 1 FROM activity_executions WHERE instance_id = ANY($1) AND id = ANY($2))",
            new NpgsqlParameter { Value = owners }, new NpgsqlParameter { Value = records.Select(r => r.Id).ToArray() }));
        return await batch.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>The versions the instances name, locked until the transaction ends; an error for each that is missing or differs.</summary>
    private static async Task<List<string>> CheckVersionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ImportedInstance> imports, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<string, (string DefinitionId, int Version)>(StringComparer.Ordinal);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(Command(
                "SELECT id, definition_id, version FROM workflow_definitions WHERE id = ANY($1) ORDER BY id FOR SHARE",
                new NpgsqlParameter { Value = imports.Select(i => i.State.DefinitionVersionId).Distinct(StringComparer.Ordinal).ToArray() }));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                versions[reader.GetString(0)] = (reader.GetString(1), reader.GetInt32(2));
            }
        }

        var errors = new List<string>();
        foreach (var s in imports.Select(i => i.State))
        {
            if (!versions.TryGetValue(s.DefinitionVersionId, out var version))
            {
                errors.Add($"Workflow instance '{s.Id}': its definition version '{s.DefinitionVersionId}' does not exist here; import that definition version first.");
            }
            else if (version.DefinitionId != s.DefinitionId || version.Version != s.DefinitionVersion)
            {
                errors.Add($"Workflow instance '{s.Id}': definition version '{s.DefinitionVersionId}' is version {version.Version} of '{version.DefinitionId}' here, not version {s.DefinitionVersion} of '{s.DefinitionId}'.");
            }
        }

        return errors;
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values) => InstanceStore.Command(sql, values);
}
