using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.ActivityExecutions;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>
/// Imports instances from the files <see cref="Export"/> and <see cref="BulkExport"/> write (multipart, parts named
/// <c>files</c>; each a JSON file or a zip of them, told apart by their first bytes). The inverse of an export: the instance row,
/// the engine's state as it was, the execution records, the journal and the bookmarks. Answers <c>{"count": n}</c>.
/// <list type="bullet">
/// <item>Only finished instances (finished, cancelled, faulted) are imported: a running one may still be running where it was
/// exported, and a copy here would run its effects a second time. A faulted instance still waiting on a timer or on an activity
/// retry is refused too (its timers are not restored); a faulted one otherwise comes back as it was, so an operator retry
/// goes on from its faulted activities. Nothing is queued: no imported instance runs by itself.</item>
/// <item>An instance whose id exists already is left as it is and not counted, so importing the same file twice is harmless.</item>
/// <item>All files of a request are checked first and written in one transaction: a bad file (not JSON or zip, not an export
/// of ours, a running instance, a definition version that does not exist here) answers 400 naming it, and nothing is written.</item>
/// </list>
/// </summary>
internal static class BulkImport
{
    /// <summary>The largest JSON file read, uploaded or inside a zip.</summary>
    public const int MaxFileBytes = 64 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /bulk-actions/import/workflow-instances (Elsa.Workflows.Api/Endpoints/WorkflowInstances/Import/Endpoint.cs)
        api.MapPost("/bulk-actions/import/workflow-instances", HandleAsync);

    private static async Task<Results<JsonHttpResult<CountResponse>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, InstanceImporter store, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return ElsaResults.Error(
                "Send the files as multipart/form-data in parts named 'files': JSON files from GET /workflow-instances/{id}/export "
                + "or zips from POST /bulk-actions/export/workflow-instances.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return ElsaResults.Error($"The multipart body cannot be read: {ex.Message}");
        }

        if (form.Files.Count == 0)
        {
            return ElsaResults.Error("The request has no files: send one or more parts named 'files'.");
        }

        var errors = new List<string>();
        var imports = new List<ImportedInstance>();
        foreach (var file in form.Files)
        {
            await ReadFileAsync(file, imports, errors, cancellationToken);
        }

        if (errors.Count > 0)
        {
            return ElsaResults.Errors(errors);
        }

        var outcome = await store.ImportAsync(imports, cancellationToken);
        return outcome.Errors.Count > 0 ? ElsaResults.Errors(outcome.Errors) : ElsaResults.Json(new CountResponse(outcome.Imported));
    }

    private static async Task ReadFileAsync(IFormFile file, List<ImportedInstance> imports, List<string> errors, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrEmpty(file.FileName) ? file.Name : file.FileName;
        byte[]? content;
        await using (var stream = file.OpenReadStream())
        {
            content = await ReadAtMostAsync(stream, cancellationToken);
        }

        if (content is null)
        {
            errors.Add($"'{name}' is larger than {MaxFileBytes / (1024 * 1024)} MB.");
            return;
        }

        if (content is not [(byte)'P', (byte)'K', ..])
        {
            Add(Parse(name, content, errors), imports);
            return;
        }

        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            var entries = zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).ToList();
            if (entries.Count == 0)
            {
                errors.Add($"'{name}' holds no .json file.");
            }

            foreach (var entry in entries)
            {
                byte[]? json;
                await using (var stream = await entry.OpenAsync(cancellationToken))
                {
                    json = await ReadAtMostAsync(stream, cancellationToken);
                }

                if (json is null)
                {
                    errors.Add($"'{name}/{entry.FullName}' is larger than {MaxFileBytes / (1024 * 1024)} MB.");
                    continue;
                }

                Add(Parse($"{name}/{entry.FullName}", json, errors), imports);
            }
        }
        catch (InvalidDataException ex)
        {
            errors.Add($"'{name}' is not a valid zip: {ex.Message}");
        }

        static void Add(ImportedInstance? instance, List<ImportedInstance> imports)
        {
            if (instance is not null)
            {
                imports.Add(instance);
            }
        }
    }

    /// <summary>One exported instance, checked; null (with the reasons added to <paramref name="errors"/>) when it cannot be imported.</summary>
    private static ImportedInstance? Parse(string source, byte[] json, List<string> errors)
    {
        InstanceExportFile? file;
        WorkflowState? state;
        try
        {
            file = JsonSerializer.Deserialize<InstanceExportFile>(json, ElsaJson.Options);
            state = file?.EngineState is { } engineState ? JsonSerializer.Deserialize<WorkflowState>(engineState, WorkflowJson.Options) : null;
        }
        catch (JsonException ex)
        {
            errors.Add($"'{source}' is not a workflow instance file: {ex.Message}");
            return null;
        }

        if (file is null || state is null)
        {
            errors.Add($"'{source}' is not a workflow instance exported by this server: it has no 'engineState'.");
            return null;
        }

        if (!IsComplete(state))
        {
            errors.Add($"'{source}': 'engineState' lacks its id, definition id, definition version id or one of its lists.");
            return null;
        }

        if (file.WorkflowInstance is { } instance && instance.Id != state.Id)
        {
            errors.Add($"'{source}': 'workflowInstance' is '{instance.Id}' but 'engineState' is '{state.Id}'.");
            return null;
        }

        if (state.Status != WorkflowStatus.Finished)
        {
            errors.Add(
                $"'{source}': workflow instance '{state.Id}' is {state.Status} ({state.SubStatus}). Only finished instances are imported: a running "
                + "one may still run where it was exported. Cancel it or let it finish, then export it again.");
            return null;
        }

        if (state.Bookmarks.Exists(b => b.ResumeAt is not null) || state.Frames.Exists(f => f.Status == FrameStatus.RetryScheduled))
        {
            errors.Add(
                $"'{source}': workflow instance '{state.Id}' is {state.SubStatus} with a timer or an activity retry still pending, which an "
                + "import does not restore. Cancel it, then export it again.");
            return null;
        }

        var records = new List<ActivityExecutionRecord>();
        foreach (var record in file.ActivityExecutionRecords ?? [])
        {
            if (ToRecord(record, state.Id) is not { } mapped)
            {
                errors.Add($"'{source}': an activity execution record lacks its id, activity instance id, activity id, node id or type, or belongs to another instance than '{state.Id}'.");
                return null;
            }

            records.Add(mapped);
        }

        var log = new List<ExecutionLogRecord>();
        foreach (var entry in file.WorkflowExecutionLogRecords ?? [])
        {
            if (ToLog(entry, state.Id) is not { } mapped)
            {
                errors.Add($"'{source}': a journal record lacks its id, activity id, activity type, node id or event name, or belongs to another instance than '{state.Id}'.");
                return null;
            }

            log.Add(mapped);
        }

        return new ImportedInstance(state, file.WorkflowInstance?.ReplayOf, records, log);
    }

    /// <summary>The inverse of <see cref="ExecutionMapper.ToModel"/>: the attempt from <c>properties.attempt</c>, outcomes from <c>payload.Outcomes</c>.</summary>
    private static ActivityExecutionRecord? ToRecord(ActivityExecutionRecordModel? r, string instanceId)
    {
        if (r is null || IsBlank(r.Id) || IsBlank(r.ActivityInstanceId) || IsBlank(r.ActivityId) || IsBlank(r.ActivityNodeId) || IsBlank(r.ActivityType)
            || r.WorkflowInstanceId != instanceId)
        {
            return null;
        }

        var attempt = r.Properties is { } properties && properties.TryGetValue("attempt", out var value) && value is JsonValue v && v.TryGetValue<int>(out var a) ? a : 1;
        return new ActivityExecutionRecord
        {
            Id = r.Id,
            ActivityInstanceId = r.ActivityInstanceId,
            WorkflowInstanceId = instanceId,
            ActivityId = r.ActivityId,
            ActivityNodeId = r.ActivityNodeId,
            ActivityType = r.ActivityType,
            ActivityName = r.ActivityName,
            Attempt = attempt,
            ActivityState = r.ActivityState ?? [],
            Outputs = r.Outputs,
            Outcomes = r.Payload?["Outcomes"] is JsonArray outcomes ? [.. outcomes.Select(o => o?.ToString() ?? "")] : [],
            Exception = r.Exception,
            StartedAt = r.StartedAt.ToUniversalTime(),
            CompletedAt = r.CompletedAt?.ToUniversalTime(),
            HasBookmarks = r.HasBookmarks,
            Status = r.Status,
        };
    }

    /// <summary>The inverse of <see cref="InstanceMapper.ToLog"/>.</summary>
    private static ExecutionLogRecord? ToLog(ExecutionLogRecordModel? l, string instanceId) =>
        l is null || IsBlank(l.Id) || IsBlank(l.ActivityId) || IsBlank(l.ActivityType) || IsBlank(l.NodeId) || IsBlank(l.EventName) || l.WorkflowInstanceId != instanceId
            ? null
            : new ExecutionLogRecord(
                l.Id, instanceId, l.ActivityInstanceId, l.ParentActivityInstanceId, l.ActivityId, l.ActivityType, l.ActivityName, l.NodeId,
                l.Timestamp.ToUniversalTime(), l.Sequence, l.EventName, l.Message, l.Source, l.Payload);

    /// <summary>Whether the state has its ids and every list (a <c>null</c> in the file would fail later, when it is read).</summary>
    private static bool IsComplete(WorkflowState s) =>
        !IsBlank(s.Id) && !IsBlank(s.DefinitionId) && !IsBlank(s.DefinitionVersionId)
        && s.Input is not null && s.Output is not null && s.Variables is not null && s.Queue is not null && s.NodeCounters is not null
        && s.ActivityOutputs is not null && s.Properties is not null
        && s.Frames is not null && s.Frames.TrueForAll(f => f is not null) && s.Bookmarks is not null && s.Bookmarks.TrueForAll(b => b is not null)
        && s.Incidents is not null && s.Incidents.TrueForAll(i => i is not null);

    private static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>The stream's bytes, or null when there are more than <see cref="MaxFileBytes"/>.</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
