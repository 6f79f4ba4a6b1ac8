using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Hosting;

/// <summary>
/// Imports the workflow JSON files shipped in <see cref="WorkflowServerOptions.DefinitionsPath"/> at startup and publishes them,
/// when a file is newer than what the database holds: a definition the database lacks, or a file whose <c>version</c> is higher
/// than every stored version. A version edited in the Studio since is never overwritten by an older file. Runs under an
/// advisory lock, so instances starting together import once.
/// </summary>
public sealed partial class DefinitionFileImporter(
    WorkflowDefinitionService definitions,
    DefinitionStore store,
    NpgsqlDataSource dataSource,
    IHostEnvironment environment,
    IOptions<WorkflowServerOptions> options,
    ILogger<DefinitionFileImporter> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var folder = Path.IsPathRooted(options.Value.DefinitionsPath)
            ? options.Value.DefinitionsPath
            : Path.Combine(AppContext.BaseDirectory, options.Value.DefinitionsPath) is var inBase && Directory.Exists(inBase)
                ? inBase
                : Path.Combine(environment.ContentRootPath, options.Value.DefinitionsPath);
        if (!Directory.Exists(folder))
        {
            return;
        }

        await using (await SessionLock.AcquireAsync(dataSource, "prometei:definition-import", cancellationToken))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                await ImportAsync(file, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ImportAsync(string file, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(file, cancellationToken);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        JsonObject model;
        try
        {
            model = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException ex)
        {
            LogUnreadable(logger, Path.GetFileName(file), ex.Message);
            return;
        }

        var definitionId = model["definitionId"] is JsonValue d && d.TryGetValue<string>(out var id) ? id : null;
        if (string.IsNullOrWhiteSpace(definitionId))
        {
            LogUnreadable(logger, Path.GetFileName(file), "it has no definitionId");
            return;
        }

        var fileVersion = model["version"] is JsonValue v && v.TryGetValue<int>(out var version) ? version : 1;
        var existing = await store.ListVersionsAsync(definitionId, cancellationToken);
        if (existing.Any(e => e.SourceHash == hash))
        {
            return; // this file is in already
        }

        var max = existing.Count == 0 ? 0 : existing.Max(e => e.Version);
        if (existing.Count > 0 && fileVersion <= max)
        {
            LogSkipped(logger, Path.GetFileName(file), definitionId, fileVersion, max);
            return;
        }

        var (stored, errors) = await definitions.SaveAsync(model, publish: true, sourceHash: hash, forceVersion: fileVersion, cancellationToken);
        if (stored is null)
        {
            LogInvalid(logger, Path.GetFileName(file), string.Join(" ", errors));
            return;
        }

        LogImported(logger, Path.GetFileName(file), stored.Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported and published {File} as {VersionId}")]
    private static partial void LogImported(ILogger logger, string file, string versionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kept the stored {DefinitionId}: {File} has version {FileVersion}, the database has {StoredVersion}")]
    private static partial void LogSkipped(ILogger logger, string file, string definitionId, int fileVersion, int storedVersion);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow file {File} cannot be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string file, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow file {File} is not valid: {Errors}")]
    private static partial void LogInvalid(ILogger logger, string file, string errors);
}
