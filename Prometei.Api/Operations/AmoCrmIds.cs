using Prometei.Api.Integrations.AmoCrm.Models;

namespace Prometei.Api.Operations;

/// <summary>What to put in AMO_PIPELINE_ID, AMO_STATUS_ID and the field settings, and whether the configured ids exist.</summary>
public sealed record AmoCrmIds(
    IReadOnlyList<AmoPipeline> Pipelines,
    IReadOnlyList<AmoCustomFieldDefinition> LeadFields,
    IReadOnlyList<AmoCustomFieldDefinition> ContactFields,
    long ConfiguredPipelineId,
    long ConfiguredStatusId,
    bool ConfiguredStatusFound);
