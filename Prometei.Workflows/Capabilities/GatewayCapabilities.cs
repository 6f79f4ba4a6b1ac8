namespace Prometei.Workflows.Capabilities;

/// <summary>What this server reads of the gateway's <c>GET /api/capabilities</c>.</summary>
public sealed record GatewayCapabilities(IReadOnlyList<GatewayFlow> Flows);
