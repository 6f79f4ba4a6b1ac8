using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>Saving, publishing and retracting definitions: normalised, validated, and with their triggers indexed on publish.</summary>
public sealed class WorkflowDefinitionService(DefinitionStore store, WorkflowCatalog catalog, TriggerIndex triggers, TimeProvider time)
{
    /// <summary>Saves a definition (Elsa's JSON). Returns the stored version, or the problems that stop it from running.</summary>
    public async Task<(StoredDefinition? Definition, IReadOnlyList<string> Errors)> SaveAsync(
        JsonObject model, bool publish, string? sourceHash = null, int? forceVersion = null, CancellationToken cancellationToken = default)
    {
        var data = (JsonObject)model.DeepClone();
        if (data["definitionId"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var definitionId) || string.IsNullOrWhiteSpace(definitionId))
        {
            data["definitionId"] = Guid.CreateVersion7().ToString("N")[..16];
        }

        catalog.Builder.Normalize(data);
        var errors = catalog.Builder.Validate(data);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        if (publish && ExtractTriggers(data).Errors is { Count: > 0 } triggerErrors)
        {
            return (null, triggerErrors);
        }

        var stored = await store.SaveAsync(data, publish: false, triggers: null, sourceHash, forceVersion, cancellationToken);
        if (publish)
        {
            // Triggers are keyed by the version id, which is known only once the version is stored.
            var (records, _) = ExtractTriggers(stored.Data);
            await store.PublishAsync(stored.DefinitionId, stored.Id, records, cancellationToken);
            triggers.Invalidate();
            stored = (await store.GetByVersionIdAsync(stored.Id, cancellationToken))!;
        }

        return (stored, []);
    }

    /// <summary>Publishes the latest version of a definition.</summary>
    public async Task<(StoredDefinition? Definition, IReadOnlyList<string> Errors)> PublishAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var latest = await store.GetAsync(definitionId, VersionSelector.Latest, cancellationToken);
        if (latest is null)
        {
            return (null, [$"Workflow definition '{definitionId}' does not exist."]);
        }

        var (records, errors) = ExtractTriggers(latest.Data);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        await store.PublishAsync(definitionId, latest.Id, records, cancellationToken);
        triggers.Invalidate();
        return (await store.GetByVersionIdAsync(latest.Id, cancellationToken), []);
    }

    public async Task<bool> RetractAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var retracted = await store.RetractAsync(definitionId, cancellationToken);
        triggers.Invalidate();
        return retracted;
    }

    private (IReadOnlyList<TriggerRecord> Triggers, IReadOnlyList<string> Errors) ExtractTriggers(JsonObject data)
    {
        Workflow workflow;
        try
        {
            workflow = catalog.Builder.Build(data);
        }
        catch (WorkflowDefinitionException ex)
        {
            return ([], ex.Errors);
        }

        return TriggerExtractor.Extract(workflow, time.GetUtcNow());
    }
}
