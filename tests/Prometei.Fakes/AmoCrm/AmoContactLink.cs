namespace Prometei.Fakes.AmoCrm;

/// <summary>A contact linked to a lead.</summary>
internal sealed record AmoContactLink(long ContactId, bool IsMain);
