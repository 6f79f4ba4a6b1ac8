using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>Saving, publishing and retracting definitions: normalised, validated, and with their triggers indexed on publish.</summary>
public sealed class WorkflowDefinitionService(
    DefinitionStore store, WorkflowCatalog catalog, TriggerIndex triggers, TimeProvider time, ExpressionEvaluatorRegistry evaluators)
{
    /// <summary>Saves a definition (Elsa's JSON). Returns the stored version, or the problems that stop it from running.</summary>
    /// <remarks>
    /// <c>keepUnknownAsDraft</c>: keep activities of unknown types as Elsa's <c>Elsa.NotFoundActivity</c> placeholders (an imported file) instead of
    /// refusing them; such a definition is stored only as a draft. Placeholders a client sends back are accepted in a draft
    /// either way.
    /// </remarks>
    public async Task<(StoredDefinition? Definition, IReadOnlyList<string> Errors)> SaveAsync(
        JsonObject model, bool publish, string? sourceHash = null, int? forceVersion = null, CancellationToken cancellationToken = default,
        bool keepUnknownAsDraft = false)
    {
        var data = (JsonObject)model.DeepClone();
        if (data["definitionId"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var definitionId) || string.IsNullOrWhiteSpace(definitionId))
        {
            data["definitionId"] = Guid.CreateVersion7().ToString("N")[..16];
        }

        var errors = Prepare(data, publish, keepUnknownAsDraft);
        if (errors.Count > 0)
        {
            return (null, errors);
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
        // Every problem at once: placeholders to replace and expressions in languages this server lacks.
        errors = [.. errors, .. ExpressionLanguageCheck.Check(latest.Data, catalog.Builder.Registry, evaluators)];

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

    /// <summary>Normalises and validates <paramref name="data"/> in place; the problems that stop it from being saved.</summary>
    private IReadOnlyList<string> Prepare(JsonObject data, bool publish, bool keepUnknownAsDraft)
    {
        try
        {
            var shape = DefinitionShape.Check(data, catalog.Builder.Registry);
            if (shape.Count > 0)
            {
                return shape;
            }

            var placeholders = keepUnknownAsDraft ? NotFoundActivities.Replace(data, catalog.Builder.Registry) : [];
            catalog.Builder.Normalize(data);
            var errors = catalog.Builder.Validate(data, forRun: publish);
            if (errors.Count > 0 || !publish)
            {
                return errors;
            }

            var languages = ExpressionLanguageCheck.Check(data, catalog.Builder.Registry, evaluators);
            if (placeholders.Count > 0)
            {
                return [.. placeholders, .. languages]; // every problem at once: what to replace and what to rewrite
            }

            return languages.Count > 0 ? languages : ExtractTriggers(data).Errors;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or InvalidCastException
                                       or KeyNotFoundException or System.Text.Json.JsonException)
        {
            // A shape the checks above missed: still the client's mistake, never a server error.
            return [$"The definition could not be read: {ex.Message}"];
        }
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
