using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometei.Api.Hosting;
using Prometei.Api.Integrations;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.AmoCrm.Models;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Integrations.Kaspi.Models;
using Prometei.Api.Ledger;
using Prometei.Api.Persistence;

using Prometei.ServiceDefaults.Persistence;

namespace Prometei.Api.Sync;

/// <summary>
/// Kaspi orders → amoCRM leads, each order exactly once. One sync runs at a time across every process (an advisory
/// lock), so two batches never both create a contact for one new customer, and a sync that finds reservations whose write
/// never went out knows their holder stopped and takes them at once. Inside it: claim the orders in the ledger;
/// look up leads whose earlier attempt ended without an answer; bring the phone index up to date; create the first
/// order of each new customer with its contact through <c>/leads/complex</c> (50 a request), the others through
/// <c>/leads</c> linked to their contact (50 a request); then one line-item note per lead (50 a request). A backlog of
/// 1,000 orders thus costs about 1,000 / 50 × 2 requests plus the index, far under 0.1 per order.
/// </summary>
public sealed class KaspiOrderSync(
    NpgsqlDataSource db,
    ProcessedOrderStore orders,
    ContactIndex index,
    IAmoCrmClient amo,
    IKaspiClient kaspi,
    ErrorLog errors,
    DailyStats stats,
    IOptions<AmoCrmOptions> amoOptions,
    IOptions<KaspiOptions> kaspiOptions,
    IOptions<GatewayOptions> gatewayOptions,
    TimeProvider time,
    ILogger<KaspiOrderSync> logger)
{
    public const int BatchSize = 50;

    /// <summary>
    /// How long the record of leads amoCRM created (and the release of the orders a sync holds) waits for a database that
    /// went away under the sync: held to the end, a restart of the database leaves nothing reserved for the order lease.
    /// </summary>
    public static readonly TimeSpan RecordWait = TimeSpan.FromSeconds(90);

    public async Task<SyncResponse> SyncAsync(IReadOnlyList<KaspiOrder> input, CancellationToken cancellationToken)
    {
        var run = new SyncRun(gatewayOptions.Value.DryRun ? new DryRunLog(logger) : null);
        var unique = input.GroupBy(o => o.Code, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

        // A sync whose caller hung up runs to its end (its writes must be recorded), so the next call may find it still running:
        // it waits a bounded time and then answers "busy" (503, retried), never a database timeout.
        var syncLock = await AdvisoryLock.AcquireAsync(db, AdvisoryLock.KaspiSync, gatewayOptions.Value.SyncLockWait, cancellationToken)
            ?? throw new SyncBusyException(gatewayOptions.Value.SyncLockWait);
        await using (syncLock)
        {
            // Holding the lock, this sync knows no other runs: reservations whose write never went out are a stopped sync's
            // leftovers and are taken at once; the ones whose write went out wait out their lease.
            var claims = await orders.ClaimAsync(unique.Select(ToClaim).ToList(), owner, gatewayOptions.Value.OrderLease, takeUnsent: true, cancellationToken);
            var byCode = unique.ToDictionary(o => o.Code, StringComparer.Ordinal);
            var work = new List<KaspiOrder>();
            var needsCheck = new HashSet<string>(StringComparer.Ordinal);
            foreach (var claim in claims)
            {
                switch (claim.Kind)
                {
                    case OrderClaimKind.AlreadySynced:
                        run.Results[claim.Code] = new SyncOrderResult(claim.Code, SyncOrderResult.AlreadyProcessed, claim.LeadId, claim.ContactId, false);
                        break;
                    case OrderClaimKind.InProgress:
                        run.Results[claim.Code] = new SyncOrderResult(claim.Code, SyncOrderResult.InProgress, null, null, false);
                        break;
                    default:
                        work.Add(byCode[claim.Code]);
                        run.Held.Add(claim.Code);
                        if (claim.Kind == OrderClaimKind.ClaimedNeedsCheck)
                        {
                            needsCheck.Add(claim.Code);
                        }

                        break;
                }
            }

            try
            {
                if (work.Count > 0)
                {
                    await ProcessAsync(run, work, needsCheck, owner, cancellationToken);
                }
            }
            finally
            {
                // Waits out a database restart: released, the orders are the next poll's at once, not after the order lease.
                await DatabaseOutage.RetryWhileUnavailableAsync(() => ReleaseAsync(run, owner), time, RecordWait);
            }
        }

        var results = unique.Select(o => run.Results.TryGetValue(o.Code, out var r) ? r : new SyncOrderResult(o.Code, SyncOrderResult.Failed, null, null, false, "not processed")).ToList();
        var response = new SyncResponse(
            run.DryRun is not null,
            results.Count(r => r.Outcome == SyncOrderResult.Created),
            results.Count(r => r.Outcome == SyncOrderResult.Created && r.ContactCreated),
            results.Count(r => r.Outcome == SyncOrderResult.AlreadyProcessed),
            results.Count(r => r.Outcome == SyncOrderResult.InProgress),
            results.Count(r => r.Outcome == SyncOrderResult.Failed),
            results,
            run.DryRun?.Writes);
        SyncLog.Synced(logger, response.Created, response.ContactsCreated, response.AlreadyProcessed, response.InProgress, response.Failed);
        await stats.IncrementAsync(DailyStats.OrdersSynced, response.Created, cancellationToken);
        await stats.IncrementAsync(DailyStats.LeadsCreated, response.Created, cancellationToken);
        await stats.IncrementAsync(DailyStats.ContactsCreated, response.ContactsCreated, cancellationToken);
        await stats.IncrementAsync(DailyStats.OrdersFailed, response.Failed, cancellationToken);
        return response;
    }

    private async Task ProcessAsync(SyncRun run, List<KaspiOrder> work, HashSet<string> needsCheck, string owner, CancellationToken cancellationToken)
    {
        var o = amoOptions.Value;

        // What one order needs from a vendor before its lead is written (its line items; the look for an earlier lead) fails
        // that order alone: the others go on, and it is tried again by a later call. An order that needed the look keeps
        // needing it (uncertain), so it is never written without one.
        var (filled, noEntries) = await KaspiEntriesReader.FillAsync(kaspi, work, kaspiOptions.Value.EntriesConcurrency, logger, cancellationToken);
        foreach (var (code, reason) in noEntries)
        {
            run.Fail(code, $"Kaspi did not give the order's line items ({reason})", uncertain: needsCheck.Contains(code));
        }

        work = [.. filled.Where(w => !noEntries.ContainsKey(w.Code))];

        // An earlier attempt ended without amoCRM's answer: the lead may exist. Look before creating a second one.
        foreach (var order in work.Where(w => needsCheck.Contains(w.Code)).ToList())
        {
            AmoLead? lead;
            try
            {
                lead = await FindExistingLeadAsync(order, cancellationToken);
            }
            catch (Exception ex) when (TransientFailure.Is(ex, cancellationToken))
            {
                run.Fail(order.Code, $"amoCRM could not be searched for the lead of an earlier attempt ({TransientFailure.Reason(ex)})", uncertain: true);
                continue;
            }

            if (lead is not null)
            {
                var contactId = lead.Contacts.FirstOrDefault(c => c.IsMain)?.Id ?? lead.Contacts.FirstOrDefault()?.Id;
                await orders.MarkSyncedAsync([new SyncedOrder(order.Code, lead.Id, contactId, false)], owner);
                run.Held.Remove(order.Code);
                run.Results[order.Code] = new SyncOrderResult(order.Code, SyncOrderResult.AlreadyProcessed, lead.Id, contactId, false);
                SyncLog.Recovered(logger, order.Code, lead.Id);
            }
        }

        work = work.Where(w => run.Held.Contains(w.Code) && !run.Failures.ContainsKey(w.Code)).ToList();
        if (work.Count == 0)
        {
            return;
        }

        // The phone index behind by a failed refresh is as good as between two refreshes for customers it knows; a customer
        // it does not know may have a contact made since, so their orders wait for an index brought up to date.
        var indexCurrent = true;
        try
        {
            await index.RefreshAsync(force: false, cancellationToken);
        }
        catch (Exception ex) when (TransientFailure.Is(ex, cancellationToken))
        {
            indexCurrent = false;
            SyncLog.IndexNotRefreshed(logger, TransientFailure.Reason(ex));
            await errors.AddAsync("amocrm", "/api/v4/contacts", "the contact index was not brought up to date: " + TransientFailure.Reason(ex), null, CancellationToken.None);
        }

        var phones = work.Select(w => PhoneNumbers.Normalize(w.Customer?.CellPhone)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var known = await index.LookupAsync(phones, cancellationToken);
        var plan = SyncPlanner.Plan(work, known);
        if (!indexCurrent)
        {
            foreach (var waiting in plan.NewCustomers.Concat(plan.Deferred))
            {
                run.Fail(waiting.Order.Code, "a new customer's order waits for amoCRM's contacts to be read (the contact index could not be brought up to date)", uncertain: false);
            }

            plan = plan with { NewCustomers = [], Deferred = [] };
        }

        foreach (var odd in plan.ForReview)
        {
            SyncLog.OddPhone(logger, odd.Order.Code, PhoneNumbers.Masked(odd.Order.Customer?.CellPhone));
        }

        var created = new List<(KaspiOrder Order, long LeadId, bool Review)>();
        var newContacts = new Dictionary<string, long>(StringComparer.Ordinal);

        // 1. First order of each new customer, with the contact embedded.
        foreach (var chunk in plan.NewCustomers.Chunk(BatchSize))
        {
            await WriteBatchAsync(run, chunk, "/api/v4/leads/complex",
                items => new JsonArray(items.Select(p => (JsonNode)AmoPayloads.ComplexLead(p.Order, p.Phone, o)).ToArray()),
                async (body, ct) => (await amo.CreateLeadsComplexAsync(body, ct))
                    .SelectMany(r => r.RequestIds.Select(id => (Code: AmoPayloads.CodeOf(id), r.LeadId, r.ContactId)))
                    .Where(r => r.Code is not null)
                    .Select(r => (r.Code!, r.LeadId, r.ContactId))
                    .ToList(),
                async (items, results) =>
                {
                    var synced = new List<SyncedOrder>();
                    var indexed = new List<(string, long)>();
                    foreach (var item in items)
                    {
                        if (!results.TryGetValue(item.Order.Code, out var r))
                        {
                            continue;
                        }

                        synced.Add(new SyncedOrder(item.Order.Code, r.LeadId, r.ContactId, r.ContactId is not null));
                        if (r.ContactId is long contactId && item.Phone is { } phone)
                        {
                            indexed.Add((phone, contactId));
                            newContacts[phone] = contactId;
                        }

                        created.Add((item.Order, r.LeadId, false));
                    }

                    await DatabaseOutage.RetryWhileUnavailableAsync(() => index.AddAsync(indexed, CancellationToken.None), time, RecordWait, ex => SyncLog.RecordWaiting(logger, ex.GetType().Name));
                    return synced;
                },
                owner,
                contactCreated: true,
                cancellationToken);
        }

        // 2. Orders of known customers, and further orders of the customers just created, linked by contact id.
        var linked = plan.Existing.ToList();
        foreach (var item in plan.Deferred)
        {
            if (newContacts.TryGetValue(item.Phone!, out var contactId))
            {
                linked.Add(item with { ContactId = contactId });
            }
            else if (run.DryRun is not null)
            {
                linked.Add(item with { ContactId = 0 });
            }
            else
            {
                run.Fail(item.Order.Code, "the customer's contact was not created (their first order in this batch failed)", uncertain: false);
            }
        }

        foreach (var chunk in linked.Chunk(BatchSize))
        {
            await WriteBatchAsync(run, chunk, "/api/v4/leads",
                items => new JsonArray(items.Select(p => (JsonNode)AmoPayloads.LinkedLead(p.Order, p.ContactId!.Value, o)).ToArray()),
                async (body, ct) => (await amo.CreateLeadsAsync(body, ct))
                    .Select(r => (Code: AmoPayloads.CodeOf(r.RequestId), LeadId: r.Id))
                    .Where(r => r.Code is not null)
                    .Select(r => (r.Code!, r.LeadId, (long?)null))
                    .ToList(),
                (items, results) =>
                {
                    var synced = new List<SyncedOrder>();
                    foreach (var item in items)
                    {
                        if (results.TryGetValue(item.Order.Code, out var r))
                        {
                            synced.Add(new SyncedOrder(item.Order.Code, r.LeadId, item.ContactId, false));
                            created.Add((item.Order, r.LeadId, false));
                        }
                    }

                    return Task.FromResult(synced);
                },
                owner,
                contactCreated: false,
                cancellationToken);
        }

        // 3. Orders without a usable phone: a lead with no contact, tagged for review (never a contact that could merge
        // customers or repeat for every order).
        foreach (var chunk in plan.ForReview.Chunk(BatchSize))
        {
            await WriteBatchAsync(run, chunk, "/api/v4/leads",
                items => new JsonArray(items.Select(p => (JsonNode)AmoPayloads.LeadForReview(p.Order, o)).ToArray()),
                async (body, ct) => (await amo.CreateLeadsAsync(body, ct))
                    .Select(r => (Code: AmoPayloads.CodeOf(r.RequestId), LeadId: r.Id))
                    .Where(r => r.Code is not null)
                    .Select(r => (r.Code!, r.LeadId, (long?)null))
                    .ToList(),
                async (items, results) =>
                {
                    var synced = new List<SyncedOrder>();
                    foreach (var item in items)
                    {
                        if (results.TryGetValue(item.Order.Code, out var r))
                        {
                            synced.Add(new SyncedOrder(item.Order.Code, r.LeadId, null, false));
                            created.Add((item.Order, r.LeadId, true));
                        }
                    }

                    await stats.IncrementAsync(DailyStats.OrdersForReview, synced.Count, CancellationToken.None);
                    return synced;
                },
                owner,
                contactCreated: false,
                cancellationToken);
        }

        // 4. Line items as a note on each new lead (no catalog to link them to); a lead for review always gets one, naming the customer.
        await AddNotesAsync(run, created.Where(c => c.Review || c.Order.Entries is { Count: > 0 }).ToList());
    }

    /// <summary>
    /// Sends one batch (or, under DRY_RUN, records it), records what was created, and sorts failures: a 4xx means
    /// amoCRM did nothing (a validation error naming some items is retried once without them); no answer or a 5xx may
    /// have created leads, so those orders stay reserved for a look-up before the next attempt.
    /// </summary>
    private async Task WriteBatchAsync(
        SyncRun run,
        PlannedOrder[] chunk,
        string path,
        Func<IReadOnlyList<PlannedOrder>, JsonArray> body,
        Func<JsonArray, CancellationToken, Task<List<(string Code, long LeadId, long? ContactId)>>> send,
        Func<IReadOnlyList<PlannedOrder>, Dictionary<string, (long LeadId, long? ContactId)>, Task<List<SyncedOrder>>> record,
        string owner,
        bool contactCreated,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<PlannedOrder> items = chunk;
        if (run.DryRun is { } dryRun)
        {
            dryRun.Add("POST", path, body(items), items.Select(i => i.Order.Code));
            foreach (var item in items)
            {
                run.Results[item.Order.Code] = new SyncOrderResult(item.Order.Code, SyncOrderResult.DryRun, null, item.ContactId is > 0 ? item.ContactId : null, contactCreated);
            }

            return;
        }

        // Recorded before the request, so a sync cut off from here on leaves these orders held for a look-up, and one cut off
        // before leaves them free for the next sync; an order taken over since (this sync lost its lock) is not sent.
        var mine = await orders.MarkSentAsync(items.Select(i => i.Order.Code).ToList(), owner);
        foreach (var lost in items.Where(i => !mine.Contains(i.Order.Code)))
        {
            run.Held.Remove(lost.Order.Code);
            run.Results[lost.Order.Code] = new SyncOrderResult(lost.Order.Code, SyncOrderResult.InProgress, null, null, false);
        }

        items = [.. items.Where(i => mine.Contains(i.Order.Code))];
        for (var attempt = 0; attempt < 2 && items.Count > 0; attempt++)
        {
            try
            {
                // Not the caller's token: once a write is on its way, a caller who hangs up (a workflow node killed mid-call)
                // must not stop it before its answer is recorded, or the orders would be released as never attempted and
                // the next sync would create their leads a second time.
                var answer = await send(body(items), CancellationToken.None);
                var results = answer.GroupBy(a => a.Code, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => (g.First().LeadId, g.First().ContactId), StringComparer.Ordinal);
                // The leads exist now: their record (here and in `record`) waits out a database restart instead of leaving
                // them to a look-up.
                var synced = await record(items, results);
                await DatabaseOutage.RetryWhileUnavailableAsync(() => orders.MarkSyncedAsync(synced, owner), time, RecordWait, ex => SyncLog.RecordWaiting(logger, ex.GetType().Name));
                foreach (var s in synced)
                {
                    run.Held.Remove(s.Code);
                    run.Results[s.Code] = new SyncOrderResult(s.Code, SyncOrderResult.Created, s.LeadId, s.ContactId, s.ContactCreated);
                }

                foreach (var missing in items.Where(i => !results.ContainsKey(i.Order.Code)))
                {
                    run.Fail(missing.Order.Code, "amoCRM's answer did not mention this order", uncertain: true);
                }

                return;
            }
            catch (AmoCrmApiException ex) when (ex.NotApplied)
            {
                SyncLog.BatchRefused(logger, items.Count, ex.StatusCode, ex.Title);
                var failed = ex.FailedRequestIds.Select(AmoPayloads.CodeOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
                if (attempt == 0 && failed.Count > 0 && failed.Count < items.Count)
                {
                    foreach (var item in items.Where(i => failed.Contains(i.Order.Code)))
                    {
                        run.Fail(item.Order.Code, $"amoCRM refused it ({ex.StatusCode} {ex.Title})", uncertain: false);
                    }

                    items = items.Where(i => !failed.Contains(i.Order.Code)).ToList();
                    continue;
                }

                await errors.AddAsync("amocrm", path, $"{ex.StatusCode} {ex.Title} {ex.Detail}", string.Join(",", items.Select(i => i.Order.Code).Take(20)), cancellationToken);
                foreach (var item in items)
                {
                    run.Fail(item.Order.Code, $"amoCRM refused the batch ({ex.StatusCode} {ex.Title})", uncertain: false);
                }

                return;
            }
            catch (Exception ex) when (ex is not AmoCrmUnavailableException) // nothing in the try observes the caller's token: a cancellation here is a timeout
            {
                var reason = ex is AmoCrmApiException api ? $"{api.StatusCode} {api.Title}" : ex.GetType().Name;
                SyncLog.BatchUncertain(logger, items.Count, reason);
                await errors.AddAsync("amocrm", path, "no definite answer: " + reason, string.Join(",", items.Select(i => i.Order.Code).Take(20)), CancellationToken.None);
                foreach (var item in items)
                {
                    run.Fail(item.Order.Code, "no definite answer from amoCRM: " + reason, uncertain: true);
                }

                return;
            }
        }
    }

    private async Task AddNotesAsync(SyncRun run, List<(KaspiOrder Order, long LeadId, bool Review)> created)
    {
        var texts = amoOptions.Value.Texts;
        foreach (var chunk in created.Chunk(BatchSize))
        {
            var body = new JsonArray(chunk.Select(c => (JsonNode)(c.Review
                ? AmoPayloads.Note(c.LeadId, AmoPayloads.ReviewText(c.Order, texts))
                : AmoPayloads.ItemsNote(c.LeadId, c.Order, texts))).ToArray());
            if (run.DryRun is { } dryRun)
            {
                dryRun.Add("POST", "/api/v4/leads/notes", body, chunk.Select(c => c.Order.Code));
                continue;
            }

            try
            {
                await amo.AddNotesAsync("leads", body, CancellationToken.None); // the leads are written: finish their notes too
                await orders.MarkNotesAddedAsync(chunk.Select(c => c.Order.Code).ToList());
                await stats.IncrementAsync(DailyStats.NotesAdded, chunk.Length, CancellationToken.None);
            }
            catch (Exception ex) when (ex is AmoCrmApiException or HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
            {
                // The leads exist; a missing note is worth an operator's look, not a failed order.
                SyncLog.NotesFailed(logger, chunk.Length, ex.Message);
                await errors.AddAsync("amocrm", "/api/v4/leads/notes", "line-item notes failed: " + ex.GetType().Name, string.Join(",", chunk.Select(c => c.Order.Code).Take(20)), CancellationToken.None);
            }
        }
    }

    /// <summary>A lead created for this order earlier, found by amoCRM's search and confirmed by its name or code field.</summary>
    private async Task<AmoLead?> FindExistingLeadAsync(KaspiOrder order, CancellationToken cancellationToken)
    {
        var o = amoOptions.Value;
        var name = AmoPayloads.LeadName(order, o.Texts);
        var leads = await amo.SearchLeadsAsync(order.Code, cancellationToken);
        return leads.FirstOrDefault(l =>
            string.Equals(l.Name, name, StringComparison.Ordinal)
            || (o.KaspiCodeFieldId is long field && l.CustomFields.Any(f => f.FieldId == field && f.Values.Any(v => v.Value == order.Code))));
    }

    private async Task ReleaseAsync(SyncRun run, string owner)
    {
        var uncertain = run.Held.Where(c => run.Failures.TryGetValue(c, out var f) && f.Uncertain).ToList();
        await orders.ReleaseAsync(uncertain, owner, "no definite answer from amoCRM", uncertain: true);
        foreach (var group in run.Held.Where(c => run.Failures.TryGetValue(c, out var f) && !f.Uncertain).GroupBy(c => run.Failures[c].Error))
        {
            await orders.ReleaseAsync(group.ToList(), owner, group.Key, uncertain: false);
        }

        // Not attempted (DRY_RUN, or calls stopped before this order): pending again.
        await orders.ReleaseAsync(run.Held.Where(c => !run.Failures.ContainsKey(c)).ToList(), owner, null, uncertain: false);
        foreach (var (code, failure) in run.Failures)
        {
            if (!run.Results.TryGetValue(code, out var result) || result.Outcome != SyncOrderResult.Created)
            {
                run.Results[code] = new SyncOrderResult(code, SyncOrderResult.Failed, null, null, false, failure.Error);
            }
        }
    }

    private static OrderClaimRequest ToClaim(KaspiOrder order) => new(
        order.Code,
        order.Id,
        order.State,
        order.Status,
        order.TotalPrice,
        order.CreationDate > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(order.CreationDate) : null);

    private sealed class SyncRun(DryRunLog? dryRun)
    {
        public DryRunLog? DryRun { get; } = dryRun;

        public Dictionary<string, SyncOrderResult> Results { get; } = new(StringComparer.Ordinal);

        /// <summary>Codes this run has claimed and not yet recorded as synced.</summary>
        public HashSet<string> Held { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (string Error, bool Uncertain)> Failures { get; } = new(StringComparer.Ordinal);

        public void Fail(string code, string error, bool uncertain) => Failures[code] = (error, uncertain);
    }
}
