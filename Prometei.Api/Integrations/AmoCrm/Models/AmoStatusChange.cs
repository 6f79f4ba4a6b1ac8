namespace Prometei.Api.Integrations.AmoCrm.Models;

/// <summary>A <c>lead_status_changed</c> entry of amoCRM's event list: the lead moved into (PipelineId, StatusId) at CreatedAt (Unix seconds).</summary>
public sealed record AmoStatusChange(string EventId, long AccountId, long LeadId, long? PipelineId, long? StatusId, long CreatedAt);
