namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>An amoCRM lead without customer data: its own fields, and its contacts as ids.</summary>
public sealed record AmoCrmLead(
    long Id,
    string? Name,
    long Price,
    long StatusId,
    long PipelineId,
    long? ResponsibleUserId,
    long CreatedAt,
    long UpdatedAt,
    long? ClosedAt,
    IReadOnlyList<string> Tags,
    IReadOnlyList<AmoCrmContactRef> Contacts);
