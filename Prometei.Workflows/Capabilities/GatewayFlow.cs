namespace Prometei.Workflows.Capabilities;

/// <summary>A flow as the gateway reports it (<c>GET /api/capabilities</c>): on, or off and why.</summary>
public sealed record GatewayFlow(string Name, bool On, string? Reason);
