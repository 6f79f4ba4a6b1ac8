namespace Prometei.Fakes.AmoCrm;

/// <summary>A tag.</summary>
internal sealed record AmoTag(long Id, string Name, string? Color);
