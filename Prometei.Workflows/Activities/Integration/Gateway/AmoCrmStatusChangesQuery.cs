namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>The stages to catch up on (empty: all) and how far back a first run looks.</summary>
public sealed record AmoCrmStatusChangesQuery(IReadOnlyList<long> PipelineIds, IReadOnlyList<long> StatusIds, long LookBackMinutes);
