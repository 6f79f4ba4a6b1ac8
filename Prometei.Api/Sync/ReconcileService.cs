using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Integrations.Kaspi.Models;
using Prometei.Api.Ledger;

namespace Prometei.Api.Sync;

/// <summary>
/// Reconciliation over a window: every order in the allowed states and in ARCHIVE is compared with the ledger; orders
/// never synced (and not cancelled) are synced now; synced orders that Kaspi cancelled or returned are shown on their
/// lead, by moving it to <c>AmoCrm:CancelledStatusId</c> / <c>ReturnedStatusId</c> when configured, else by a note.
/// One reconcile at a time (a named lock an operator can force open).
/// </summary>
public sealed class ReconcileService(
    IKaspiClient kaspi,
    IAmoCrmClient amo,
    KaspiOrderSync sync,
    ProcessedOrderStore orders,
    LockStore locks,
    ErrorLog errors,
    IOptions<KaspiOptions> kaspiOptions,
    IOptions<AmoCrmOptions> amoOptions,
    IOptions<GatewayOptions> gatewayOptions,
    ILogger<ReconcileService> logger)
{
    private static readonly HashSet<string> s_cancelled = new(["CANCELLED", "CANCELLING"], StringComparer.Ordinal);
    private static readonly HashSet<string> s_returned = new(["RETURNED", "RETURN_ACCEPTED_BY_MERCHANT", "KASPI_DELIVERY_RETURN_REQUESTED"], StringComparer.Ordinal);

    /// <exception cref="ReconcileBusyException">Another reconcile holds the lock.</exception>
    public async Task<ReconcileResponse> ReconcileAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        if (!await locks.TryAcquireAsync(LockStore.Reconcile, owner, TimeSpan.FromMinutes(15), cancellationToken))
        {
            throw new ReconcileBusyException();
        }

        try
        {
            return await RunAsync(from, to, cancellationToken);
        }
        finally
        {
            await locks.ReleaseAsync(LockStore.Reconcile, owner, CancellationToken.None);
        }
    }

    private async Task<ReconcileResponse> RunAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var k = kaspiOptions.Value;
        var allowed = k.EffectiveStates.ToHashSet(StringComparer.Ordinal);
        var states = allowed.Append("ARCHIVE").Distinct(StringComparer.Ordinal).ToList();
        var found = await kaspi.GetOrdersAsync(from, to, states, cancellationToken);
        var ledger = await orders.GetAsync(found.Select(f => f.Code).ToList(), cancellationToken);

        var missed = found
            .Where(f => !(ledger.TryGetValue(f.Code, out var p) && p.State == "synced"))
            .Where(f => f.State is not null && allowed.Contains(f.State) && !IsClosed(f.Status))
            .ToList();
        SyncResponse? synced = null;
        if (missed.Count > 0)
        {
            synced = await sync.SyncAsync(missed, cancellationToken); // the sync reads their entries
        }

        var changed = found
            .Where(f => f.Status is not null && IsClosed(f.Status)
                && ledger.TryGetValue(f.Code, out var p) && p.State == "synced" && p.LeadId is not null && p.ReflectedStatus != f.Status)
            .Select(f => (Order: f, LeadId: ledger[f.Code].LeadId!.Value))
            .ToList();
        var dryRun = gatewayOptions.Value.DryRun ? new DryRunLog(logger) : null;
        var reflected = await ReflectAsync(changed, dryRun, cancellationToken);
        SyncLog.Reconciled(logger, from, to, found.Count, synced?.Created ?? 0, reflected.Count(r => r.Done));
        var writes = dryRun?.Writes;
        if (writes is not null && synced?.WouldWrite is { } syncWrites)
        {
            foreach (var write in syncWrites)
            {
                writes.Add(write?.DeepClone());
            }
        }

        return new ReconcileResponse(from, to, found.Count, missed.Count, synced, reflected, dryRun is not null, writes);
    }

    private async Task<List<ReflectedOrder>> ReflectAsync(List<(KaspiOrder Order, long LeadId)> changed, DryRunLog? dryRun, CancellationToken cancellationToken)
    {
        var o = amoOptions.Value;
        var result = new List<ReflectedOrder>();
        var byStatus = changed.Select(c => (c.Order, c.LeadId, StatusId: s_cancelled.Contains(c.Order.Status!) ? o.CancelledStatusId : o.ReturnedStatusId)).ToList();

        foreach (var chunk in byStatus.Where(c => c.StatusId is not null).Chunk(KaspiOrderSync.BatchSize))
        {
            var body = new JsonArray(chunk.Select(c => (JsonNode)AmoPayloads.StatusChange(c.LeadId, o.PipelineId, c.StatusId!.Value)).ToArray());
            await WriteAsync(chunk.Select(c => (c.Order, c.LeadId)).ToList(), "status", "PATCH", "/api/v4/leads", body,
                ct => amo.UpdateLeadsAsync(body, ct), dryRun, result, cancellationToken);
        }

        foreach (var chunk in byStatus.Where(c => c.StatusId is null).Chunk(KaspiOrderSync.BatchSize))
        {
            var body = new JsonArray(chunk.Select(c => (JsonNode)AmoPayloads.Note(
                c.LeadId,
                AmoPayloads.StatusNote(s_cancelled.Contains(c.Order.Status!) ? o.Texts.CancelledNote : o.Texts.ReturnedNote, c.Order.Code, c.Order.Status!))).ToArray());
            await WriteAsync(chunk.Select(c => (c.Order, c.LeadId)).ToList(), "note", "POST", "/api/v4/leads/notes", body,
                ct => amo.AddNotesAsync("leads", body, ct), dryRun, result, cancellationToken);
        }

        return result;
    }

    private async Task WriteAsync(
        List<(KaspiOrder Order, long LeadId)> items, string how, string method, string path, JsonArray body,
        Func<CancellationToken, Task> send, DryRunLog? dryRun, List<ReflectedOrder> result, CancellationToken cancellationToken)
    {
        if (dryRun is not null)
        {
            dryRun.Add(method, path, body, items.Select(i => i.Order.Code));
            result.AddRange(items.Select(i => new ReflectedOrder(i.Order.Code, i.LeadId, i.Order.Status!, how, Done: false, "dry run")));
            return;
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await send(CancellationToken.None); // once sent, it is recorded even if the caller hung up, or it would be sent again
            await orders.SetReflectedStatusAsync(items.Select(i => (i.Order.Code, i.Order.Status!)).ToList());
            result.AddRange(items.Select(i => new ReflectedOrder(i.Order.Code, i.LeadId, i.Order.Status!, how, Done: true)));
        }
        catch (AmoCrmApiException ex)
        {
            await errors.AddAsync("amocrm", path, $"reconcile: {ex.StatusCode} {ex.Title}", string.Join(",", items.Select(i => i.Order.Code).Take(20)), CancellationToken.None);
            result.AddRange(items.Select(i => new ReflectedOrder(i.Order.Code, i.LeadId, i.Order.Status!, how, Done: false, $"{ex.StatusCode} {ex.Title}")));
        }
    }

    private static bool IsClosed(string? status) => status is not null && (s_cancelled.Contains(status) || s_returned.Contains(status));
}
