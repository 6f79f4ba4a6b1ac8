namespace Prometei.Fakes.AmoCrm;

/// <summary>A pipeline with its stages (142 and 143 in every pipeline).</summary>
internal sealed record AmoPipeline(long Id, string Name, int Sort, bool IsMain, bool IsUnsortedOn, IReadOnlyList<AmoStatus> Statuses);
