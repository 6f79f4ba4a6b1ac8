namespace Prometei.Api.Integrations.AmoCrm.Models;

/// <summary>A pipeline stage; <see cref="Type"/> 1 is the "unsorted" stage. 142 (won) and 143 (lost) exist in every pipeline.</summary>
public sealed record AmoStatus(long Id, string? Name, long PipelineId, int Type, int Sort);
