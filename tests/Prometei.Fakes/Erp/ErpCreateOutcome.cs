namespace Prometei.Fakes.Erp;

/// <summary>What a create did: made <see cref="Id"/>, replayed it for a repeated key, or refused a key reused with another body.</summary>
internal readonly record struct ErpCreateOutcome(long Id, bool Replayed, bool Conflict);
