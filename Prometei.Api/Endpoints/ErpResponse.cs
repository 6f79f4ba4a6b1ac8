using System.Text.Json.Nodes;

namespace Prometei.Api.Endpoints;

/// <summary>The ERP's id of the created document and the payload sent (under DRY_RUN: not sent).</summary>
public sealed record ErpResponse(long? ErpId, bool DryRun, JsonObject Payload);
