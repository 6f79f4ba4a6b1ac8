namespace Prometei.Api.Integrations.Kaspi;

/// <summary>The probe's verdict: the first base URL that works, whether the token was accepted, each candidate's answer.</summary>
public sealed record KaspiProbeResult(string? WorkingBaseUrl, bool? TokenAccepted, bool ConfiguredBaseUrlWorks, IReadOnlyList<KaspiProbeCandidate> Candidates);
