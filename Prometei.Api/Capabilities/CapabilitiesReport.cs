namespace Prometei.Api.Capabilities;

/// <summary><c>GET /api/capabilities</c>: the vendors' configuration and the flows it switches on or off.</summary>
public sealed record CapabilitiesReport(IReadOnlyList<VendorConfiguration> Vendors, IReadOnlyList<FlowState> Flows);
