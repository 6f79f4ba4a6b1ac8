namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// One lead event of an amoCRM webhook, with the variables the system Prometei replaces exposed. <see cref="WebhookId"/> is
/// derived from (account, lead, action, status, time), so amoCRM's redeliveries of the same event carry the same id.
/// <see cref="Timestamp"/> is the lead's <c>updated_at</c> (or <c>last_modified</c>); null when the hook has none (Digital Pipeline).
/// </summary>
public sealed record AmoCrmLeadEvent(
    string Action,
    long LeadId,
    long AccountId,
    string? Subdomain,
    long? PipelineId,
    long? StatusId,
    long? OldPipelineId,
    long? OldStatusId,
    bool PipelineChanged,
    bool StatusChanged,
    string WebhookId,
    long? Timestamp);
