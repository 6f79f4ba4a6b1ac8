namespace Prometei.Api.Integrations.AmoCrm.Models;

/// <summary>A lead (contract §6.1), with its contacts when asked for.</summary>
public sealed record AmoLead(
    long Id,
    string? Name,
    long Price,
    long StatusId,
    long PipelineId,
    long? ResponsibleUserId,
    long CreatedAt,
    long UpdatedAt,
    long? ClosedAt,
    IReadOnlyList<AmoCustomFieldValue> CustomFields,
    IReadOnlyList<AmoContactLink> Contacts,
    IReadOnlyList<string> Tags);
