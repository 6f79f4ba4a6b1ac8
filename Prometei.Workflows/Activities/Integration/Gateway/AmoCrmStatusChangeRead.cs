namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>
/// One change of amoCRM's event list, under the webhook event's names (<c>timestamp</c> = the event's <c>created_at</c>), so the
/// ERP step and <see cref="AmoCrmStatusChange.TaskKey"/> serve both paths.
/// </summary>
public sealed record AmoCrmStatusChangeRead(string? EventId, long AccountId, long LeadId, long? PipelineId, long? StatusId, long Timestamp);
