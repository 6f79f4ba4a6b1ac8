using Microsoft.Extensions.Options;
using Npgsql;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Ledger;
using Prometei.Api.Persistence;

namespace Prometei.Api.Sync;

/// <summary>
/// The local index of the account's contact phones, so finding a customer costs no amoCRM request (searching once per
/// order could not meet the budget of ≤ 0.1 requests per order). It is brought up to date from contacts filtered by
/// <c>updated_at</c> since the last run (at most every <see cref="AmoCrmOptions.ContactIndexInterval"/>; the first run
/// reads them all), and contacts this service creates are added at once. Only PHONE values count, normalised, so a
/// digit run in another field (amoCRM's fuzzy search would match it) never makes a false match.
/// </summary>
public sealed class ContactIndex(
    ContactPhoneIndexStore store,
    WatermarkStore watermarks,
    IAmoCrmClient amo,
    NpgsqlDataSource db,
    IOptions<AmoCrmOptions> options,
    TimeProvider time,
    ILogger<ContactIndex> logger)
{
    private const int PageSize = 250;

    /// <summary>Reads contacts changed since the last run; returns how many amoCRM requests that took.</summary>
    public async Task<int> RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        await using var exclusive = await AdvisoryLock.AcquireAsync(db, AdvisoryLock.ContactIndex, cancellationToken);
        var mark = await watermarks.GetAsync(WatermarkStore.ContactsUpdatedAt, cancellationToken);
        if (!force && mark is not null
            && time.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(mark.UpdatedAt, DateTimeKind.Utc)) < options.Value.ContactIndexInterval)
        {
            return 0;
        }

        // From the last updated_at seen, inclusive: contacts changed within that second are read again, never missed.
        long? from = mark?.Value;
        var newest = mark?.Value ?? 0;
        var requests = 0;
        var contacts = 0;
        for (var page = 1; ; page++)
        {
            var result = await amo.ListContactsAsync(from, page, PageSize, cancellationToken);
            requests++;
            contacts += result.Contacts.Count;
            await store.ReplaceAsync(
                result.Contacts.Select(c => (c.Id, (IReadOnlyList<string>)c.Phones.Select(PhoneNumbers.Normalize).OfType<string>().ToList())).ToList(),
                cancellationToken);
            if (result.Contacts.Count > 0)
            {
                newest = Math.Max(newest, result.Contacts.Max(c => c.UpdatedAt));
            }

            if (!result.HasNext || result.Contacts.Count == 0)
            {
                break;
            }
        }

        await watermarks.SetAsync(WatermarkStore.ContactsUpdatedAt, newest, cancellationToken);
        SyncLog.IndexRefreshed(logger, contacts, requests, from is null);
        return requests;
    }

    public Task<IReadOnlyDictionary<string, long>> LookupAsync(IReadOnlyCollection<string> phones, CancellationToken cancellationToken) =>
        store.LookupAsync(phones, cancellationToken);

    public Task AddAsync(IReadOnlyList<(string Phone, long ContactId)> pairs, CancellationToken cancellationToken) =>
        store.AddAsync(pairs, cancellationToken);
}
