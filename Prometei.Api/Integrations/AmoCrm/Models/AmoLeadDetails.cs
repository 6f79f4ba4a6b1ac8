namespace Prometei.Api.Integrations.AmoCrm.Models;

/// <summary>A lead with its contacts read in full: what <c>GET /api/amocrm/leads/{id}</c> answers and ERP templates see as <c>lead</c>.</summary>
public sealed record AmoLeadDetails(
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
    IReadOnlyList<AmoCustomFieldValue> CustomFields,
    IReadOnlyList<AmoLeadContact> Contacts);
