namespace Prometei.Fakes.Control;

/// <summary>Moves a lead, as a manager would in amoCRM's UI (<c>POST /_control/amocrm/leads/{id}/status</c>); sends the status webhook.</summary>
/// <param name="StatusId">The new status.</param>
/// <param name="PipelineId">The pipeline; default the lead's own.</param>
public sealed record LeadStatusChange(long StatusId, long? PipelineId = null);
