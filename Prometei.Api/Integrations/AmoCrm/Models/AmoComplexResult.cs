namespace Prometei.Api.Integrations.AmoCrm.Models;

/// <summary>One element of <c>/api/v4/leads/complex</c>'s answer (a top-level array, contract §6.4).</summary>
public sealed record AmoComplexResult(long LeadId, long? ContactId, IReadOnlyList<string> RequestIds, bool Merged);
