namespace Prometei.Api.Integrations.AmoCrm.Models;

/// <summary>An entity a batch write created or updated, with the <c>request_id</c> it echoes.</summary>
public sealed record AmoCreated(long Id, string? RequestId);
