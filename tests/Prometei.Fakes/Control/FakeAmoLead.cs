namespace Prometei.Fakes.Control;

/// <summary>A lead as the fake amoCRM stores it (<c>GET /_control/amocrm/leads</c>).</summary>
/// <remarks>
/// <c>CreatedVia</c>: How it was made: <c>seed</c>, <c>leads</c> (<c>POST /api/v4/leads</c>) or <c>complex</c>.<br/>
/// </remarks>
public sealed record FakeAmoLead(
    long Id,
    string Name,
    long Price,
    long PipelineId,
    long StatusId,
    long ResponsibleUserId,
    IReadOnlyList<long> ContactIds,
    long? MainContactId,
    IReadOnlyList<long> CompanyIds,
    IReadOnlyList<string> Tags,
    IReadOnlyList<FakeAmoFieldValue> CustomFields,
    string? RequestId,
    string CreatedVia,
    long CreatedAt,
    long UpdatedAt);
