namespace Prometei.Fakes.AmoCrm;

/// <summary>A tag named in a write: an existing one by id, or by name (created when new).</summary>
internal sealed record TagRef(long? Id, string? Name);
