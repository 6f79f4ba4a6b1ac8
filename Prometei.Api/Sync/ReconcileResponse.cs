using System.Text.Json.Nodes;

namespace Prometei.Api.Sync;

/// <summary>
/// The answer of <c>POST /api/kaspi/reconcile</c>: orders checked, missed ones created (<see cref="Sync"/>), and leads
/// whose order was cancelled or returned in Kaspi (<see cref="Reflected"/>: code, lead, status, how).
/// </summary>
public sealed record ReconcileResponse(
    DateTimeOffset From,
    DateTimeOffset To,
    int Checked,
    int Missed,
    SyncResponse? Sync,
    IReadOnlyList<ReflectedOrder> Reflected,
    bool DryRun,
    JsonArray? WouldWrite);
