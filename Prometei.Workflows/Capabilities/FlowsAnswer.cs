namespace Prometei.Workflows.Capabilities;

/// <summary><c>GET /studio/api/flows</c>: whether the gateway was read, its flows, and the published workflows that are off.</summary>
public sealed record FlowsAnswer(bool Known, DateTimeOffset? ReadAt, IReadOnlyList<GatewayFlow> Flows, IReadOnlyList<OffWorkflow> Off);
