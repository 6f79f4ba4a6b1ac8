using Dapper;
using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>
/// The local index of the amoCRM account's contact phones (normalised, <c>+7XXXXXXXXXX</c>) → contact id. A phone keeps
/// the contact it was first seen on, so two contacts sharing a phone never flip the mapping.
/// </summary>
public sealed class ContactPhoneIndexStore(NpgsqlDataSource db)
{
    public async Task<IReadOnlyDictionary<string, long>> LookupAsync(IReadOnlyCollection<string> phones, CancellationToken cancellationToken)
    {
        if (phones.Count == 0)
        {
            return new Dictionary<string, long>(StringComparer.Ordinal);
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Phone, long ContactId)>(new CommandDefinition(
            "SELECT phone, contact_id FROM amocrm_contact_phones WHERE phone = ANY(@phones)",
            new { phones = phones.ToArray() },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Phone, r => r.ContactId, StringComparer.Ordinal);
    }

    /// <summary>
    /// Replaces what the index holds for these contacts with their current phones (phones another contact already holds
    /// stay with it).
    /// </summary>
    public async Task ReplaceAsync(IReadOnlyList<(long ContactId, IReadOnlyList<string> Phones)> contacts, CancellationToken cancellationToken)
    {
        if (contacts.Count == 0)
        {
            return;
        }

        var pairs = contacts.SelectMany(c => c.Phones.Distinct(StringComparer.Ordinal).Select(p => (Phone: p, c.ContactId))).ToList();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM amocrm_contact_phones WHERE contact_id = ANY(@ids)",
            new { ids = contacts.Select(c => c.ContactId).ToArray() },
            transaction,
            cancellationToken: cancellationToken));
        await AddCoreAsync(connection, transaction, pairs, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task AddAsync(IReadOnlyList<(string Phone, long ContactId)> pairs, CancellationToken cancellationToken)
    {
        if (pairs.Count == 0)
        {
            return;
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await AddCoreAsync(connection, null, pairs, cancellationToken);
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM amocrm_contact_phones", cancellationToken: cancellationToken));
    }

    private static Task AddCoreAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<(string Phone, long ContactId)> pairs, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO amocrm_contact_phones (phone, contact_id)
            SELECT DISTINCT ON (phone) phone, contact_id FROM unnest(@phones::text[], @ids::bigint[]) AS s(phone, contact_id) ORDER BY phone, contact_id
            ON CONFLICT (phone) DO NOTHING
            """,
            new { phones = pairs.Select(p => p.Phone).ToArray(), ids = pairs.Select(p => p.ContactId).ToArray() },
            transaction,
            cancellationToken: cancellationToken));
}
