using System.Collections.Concurrent;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>Built workflows by version, cached: a version is built once per change, not once per run.</summary>
public sealed class WorkflowCatalog(DefinitionStore definitions, WorkflowBuilder builder)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset UpdatedAt, Workflow Workflow)> _cache = new(StringComparer.Ordinal);

    /// <summary>Versions cached while still drafts: a draft is saved over in place, so it is checked against the store on use.</summary>
    private readonly ConcurrentDictionary<string, bool> _drafts = new(StringComparer.Ordinal);

    public WorkflowBuilder Builder => builder;

    public async Task<Workflow> GetAsync(string definitionVersionId, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(definitionVersionId, out var cached) && !_drafts.ContainsKey(definitionVersionId))
        {
            return cached.Workflow; // a version that has been published never changes again
        }

        var stored = await definitions.GetByVersionIdAsync(definitionVersionId, cancellationToken)
            ?? throw new KeyNotFoundException($"Workflow version {definitionVersionId} does not exist.");
        return Get(stored);
    }

    /// <summary>Builds (or returns the cached build of) a stored version.</summary>
    public Workflow Get(StoredDefinition stored)
    {
        if (_cache.TryGetValue(stored.Id, out var cached) && cached.UpdatedAt == stored.UpdatedAt)
        {
            return cached.Workflow;
        }

        var workflow = builder.Build(stored.Data);
        _cache[stored.Id] = (stored.UpdatedAt, workflow);
        if (stored.IsPublished)
        {
            _drafts.TryRemove(stored.Id, out _);
        }
        else
        {
            _drafts[stored.Id] = true;
        }

        return workflow;
    }
}
