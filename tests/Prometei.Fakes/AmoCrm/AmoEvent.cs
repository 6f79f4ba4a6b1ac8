namespace Prometei.Fakes.AmoCrm;

/// <summary>An entry of amoCRM's account event list (contract §17): here, a lead's status change.</summary>
internal sealed record AmoEvent(string Id, string Type, long EntityId, long CreatedAt, long CreatedBy, long PipelineBefore, long StatusBefore, long PipelineAfter, long StatusAfter);
