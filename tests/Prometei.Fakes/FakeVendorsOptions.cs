using System.Text.Json.Serialization;

namespace Prometei.Fakes;

/// <summary>
/// Settings of the fakes, bound from the <c>Fakes</c> configuration section when the app runs on its own
/// (<c>Fakes__Sandbox=true</c>, <c>Fakes__AmoCrm__ClientSecret=…</c>) or passed to <see cref="FakeVendors.StartAsync"/>.
/// </summary>
public sealed class FakeVendorsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Fakes";

    /// <summary>Sandbox mode: Kaspi orders appear over time and leads move through the pipeline (also <c>--sandbox</c>).</summary>
    public bool Sandbox { get; set; }

    /// <summary>
    /// Seeds the fault dice (unless a <see cref="Control.FaultSettings"/> carries its own seed) and the sandbox order
    /// generator, so a run is repeatable. Null: a new seed each start. Tokens and ids are not affected.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>How many received requests each vendor keeps for <c>GET /_control/{vendor}/requests</c> (oldest dropped).</summary>
    public int MaxRecordedRequests { get; set; } = 5000;

    /// <summary>The fake amoCRM account and its OAuth integration.</summary>
    public AmoCrmFakeOptions AmoCrm { get; set; } = new();

    /// <summary>The fake Kaspi merchant.</summary>
    public KaspiFakeOptions Kaspi { get; set; } = new();

    /// <summary>The fake ERP.</summary>
    public ErpFakeOptions Erp { get; set; } = new();

    /// <summary>How the sandbox produces orders and moves leads.</summary>
    public SandboxOptions SandboxOrders { get; set; } = new();

    /// <summary>The clock of token lifetimes, rate-limit windows and timestamps. Tests may pass their own.</summary>
    [JsonIgnore]
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
