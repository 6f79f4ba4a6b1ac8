using System.Data.Common;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// Workflow definitions and their versions, with Elsa's rules: saving over a published latest version makes a new draft
/// version; saving a draft updates it; publishing a version unpublishes the previous one and re-indexes the triggers
/// in the same transaction.
/// </summary>
public sealed class DefinitionStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const string TriggersChannel = "prometei_triggers";

    internal const string Columns =
        "id, definition_id, version, name, description, is_latest, is_published, is_readonly, created_at, updated_at, source_hash, data::text";

    public async Task<StoredDefinition?> GetByVersionIdAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM workflow_definitions WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAsync(cmd, cancellationToken)).FirstOrDefault();
    }

    public async Task<StoredDefinition?> GetAsync(string definitionId, VersionSelector selector, CancellationToken cancellationToken = default)
    {
        var where = selector switch
        {
            VersionSelector.Latest => "is_latest",
            VersionSelector.Published => "is_published",
            _ => "(is_latest OR is_published)",
        };
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {Columns} FROM workflow_definitions WHERE definition_id = $1 AND {where} ORDER BY is_published DESC, version DESC LIMIT 1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = definitionId });
        return (await ReadAsync(cmd, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Every version of one definition, oldest first.</summary>
    public async Task<IReadOnlyList<StoredDefinition>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM workflow_definitions WHERE definition_id = $1 ORDER BY version");
        cmd.Parameters.Add(new NpgsqlParameter { Value = definitionId });
        return await ReadAsync(cmd, cancellationToken);
    }

    /// <summary>
    /// Saves <paramref name="model"/> (Elsa's JSON, already normalised and validated) as the latest version, optionally publishing it
    /// with its <paramref name="triggers"/>. Returns the stored version.
    /// </summary>
    public async Task<StoredDefinition> SaveAsync(
        JsonObject model,
        bool publish,
        IReadOnlyList<TriggerRecord>? triggers,
        string? sourceHash = null,
        int? forceVersion = null,
        CancellationToken cancellationToken = default)
    {
        var definitionId = model["definitionId"]?.GetValue<string>() ?? throw new ArgumentException("The model has no definitionId.", nameof(model));
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await LockDefinitionAsync(connection, definitionId, cancellationToken);

        StoredDefinition? latest;
        await using (var cmd = new NpgsqlCommand($"SELECT {Columns} FROM workflow_definitions WHERE definition_id = $1 AND is_latest", connection))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = definitionId });
            latest = (await ReadAsync(cmd, cancellationToken)).FirstOrDefault();
        }

        string id;
        int version;
        DateTimeOffset createdAt;
        var insert = latest is null || latest.IsPublished || latest.IsReadonly || forceVersion is not null;
        if (insert)
        {
            var max = 0;
            await using (var cmd = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM workflow_definitions WHERE definition_id = $1", connection))
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = definitionId });
                max = (int)(await cmd.ExecuteScalarAsync(cancellationToken))!;
            }

            version = Math.Max(max + 1, forceVersion ?? 0);
            id = $"{definitionId}:v{version}";
            createdAt = now;
            await using var clear = new NpgsqlCommand("UPDATE workflow_definitions SET is_latest = false WHERE definition_id = $1 AND is_latest", connection);
            clear.Parameters.Add(new NpgsqlParameter { Value = definitionId });
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            id = latest!.Id;
            version = latest.Version;
            createdAt = latest.CreatedAt;
        }

        var data = (JsonObject)model.DeepClone();
        data["id"] = id;
        data["definitionId"] = definitionId;
        data["version"] = version;
        data["createdAt"] = createdAt.ToString("O");
        data["isLatest"] = true;
        data["isPublished"] = false;
        var name = data["name"] is JsonValue n && n.TryGetValue<string>(out var nameText) ? nameText : null;
        var description = data["description"] is JsonValue d && d.TryGetValue<string>(out var descriptionText) ? descriptionText : null;

        await using (var cmd = new NpgsqlCommand(insert
            ? """
              INSERT INTO workflow_definitions (id, definition_id, version, name, description, is_latest, is_published, created_at, updated_at, source_hash, data)
              VALUES ($1, $2, $3, $4, $5, true, false, $6, $6, $7, $8::jsonb)
              """
            : "UPDATE workflow_definitions SET name = $4, description = $5, updated_at = $6, source_hash = $7, data = $8::jsonb WHERE id = $1 AND definition_id = $2 AND version = $3",
            connection))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = id });
            cmd.Parameters.Add(new NpgsqlParameter { Value = definitionId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = version });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)description ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = now });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)sourceHash ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = data.ToJsonString() });
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        if (publish)
        {
            await PublishInTransactionAsync(connection, definitionId, id, triggers ?? [], cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return (await GetByVersionIdAsync(id, cancellationToken))!;
    }

    /// <summary>Publishes the given version (its triggers replace the definition's indexed ones).</summary>
    public async Task PublishAsync(string definitionId, string versionId, IReadOnlyList<TriggerRecord> triggers, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await LockDefinitionAsync(connection, definitionId, cancellationToken);
        await PublishInTransactionAsync(connection, definitionId, versionId, triggers, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Retracts the published version: nothing of the definition triggers any more.</summary>
    public async Task<bool> RetractAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await LockDefinitionAsync(connection, definitionId, cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command("UPDATE workflow_definitions SET is_published = false, data = jsonb_set(data, '{isPublished}', 'false') WHERE definition_id = $1 AND is_published", definitionId),
                Command("DELETE FROM triggers WHERE definition_id = $1", definitionId),
                new NpgsqlBatchCommand($"SELECT pg_notify('{TriggersChannel}', '')"),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        var retracted = batch.BatchCommands[0].RecordsAffected > 0;
        await tx.CommitAsync(cancellationToken);
        return retracted;
    }

    /// <summary>Deletes every version of a definition (instances keep their journal).</summary>
    public async Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("DELETE FROM workflow_definitions WHERE definition_id = $1", definitionId));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{TriggersChannel}', '')"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands[0].RecordsAffected;
    }

    /// <summary>
    /// Deletes one version. When it was the latest, the highest remaining version becomes the latest; when it was published,
    /// its triggers go with it. False when the version does not exist.
    /// </summary>
    public async Task<bool> DeleteVersionAsync(string versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        string definitionId;
        await using (var find = new NpgsqlCommand("SELECT definition_id FROM workflow_definitions WHERE id = $1", connection))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = versionId });
            if (await find.ExecuteScalarAsync(cancellationToken) is not string found)
            {
                return false;
            }

            definitionId = found;
        }

        await LockDefinitionAsync(connection, definitionId, cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command("DELETE FROM workflow_definitions WHERE id = $1", versionId),
                Command(
                    """
                    UPDATE workflow_definitions SET is_latest = true
                    WHERE id = (SELECT id FROM workflow_definitions WHERE definition_id = $1 ORDER BY version DESC LIMIT 1)
                      AND NOT EXISTS (SELECT 1 FROM workflow_definitions WHERE definition_id = $1 AND is_latest)
                    """,
                    definitionId),
                new NpgsqlBatchCommand($"SELECT pg_notify('{TriggersChannel}', '')"),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        var deleted = batch.BatchCommands[0].RecordsAffected > 0;
        await tx.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<IReadOnlyList<TriggerRecord>> GetTriggersAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT id, definition_id, definition_version_id, activity_node_id, kind, key, payload::text, created_at FROM triggers");
        var result = new List<TriggerRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new TriggerRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                JsonNode.Parse(reader.GetString(6)) as JsonObject ?? [], reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return result;
    }

    private async Task PublishInTransactionAsync(NpgsqlConnection connection, string definitionId, string versionId, IReadOnlyList<TriggerRecord> triggers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(
            "UPDATE workflow_definitions SET is_published = false, data = jsonb_set(data, '{isPublished}', 'false') WHERE definition_id = $1 AND is_published AND id <> $2",
            definitionId, versionId));
        batch.BatchCommands.Add(Command(
            "UPDATE workflow_definitions SET is_published = true, updated_at = $2, data = jsonb_set(data, '{isPublished}', 'true') WHERE id = $1",
            versionId, now));
        batch.BatchCommands.Add(Command("DELETE FROM triggers WHERE definition_id = $1", definitionId));
        foreach (var t in triggers)
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO triggers (id, definition_id, definition_version_id, activity_node_id, kind, key, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)",
                t.Id, definitionId, versionId, t.ActivityNodeId, t.Kind, t.Key, t.Payload.ToJsonString(), now));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{TriggersChannel}', '')"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task LockDefinitionAsync(NpgsqlConnection connection, string definitionId, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('definition:' || $1, 0))", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = definitionId });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    internal static async Task<List<StoredDefinition>> ReadAsync(DbCommand cmd, CancellationToken cancellationToken)
    {
        var result = new List<StoredDefinition>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var data = JsonNode.Parse(reader.GetString(11)) as JsonObject ?? [];
            var definition = new StoredDefinition(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetBoolean(5),
                reader.GetBoolean(6),
                reader.GetBoolean(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                data);
            data["isLatest"] = definition.IsLatest;
            data["isPublished"] = definition.IsPublished;
            data["isReadonly"] = definition.IsReadonly;
            result.Add(definition);
        }

        return result;
    }
}
