namespace Prometei.Fakes.AmoCrm;

/// <summary>A pipeline stage; type 1 is the unsorted stage.</summary>
internal sealed record AmoStatus(long Id, string Name, int Sort, bool IsEditable, long PipelineId, string Color, int Type);
