using Dapper;
using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>
/// Processed Kaspi orders, keyed by order code. <see cref="ClaimAsync"/> reserves orders before anything is sent to
/// amoCRM, under row locks taken in code order (so concurrent claims never deadlock): exactly one caller owns an order
/// at a time, and an order is synced once. <see cref="MarkSentAsync"/> records, before each amoCRM write, which orders it
/// carries: a reservation whose write never went out can be taken over at once, one whose write went out cannot.
/// </summary>
public sealed class ProcessedOrderStore(NpgsqlDataSource db)
{
    /// <summary>
    /// Reserves the orders for <paramref name="owner"/>. A reservation of another owner whose lease runs is left alone
    /// (<see cref="OrderClaimKind.InProgress"/>) unless <paramref name="takeUnsent"/> and its write never went out: a caller
    /// that knows no other sync is running (it holds the sync lock) takes those at once. A reservation whose write went out
    /// and whose lease ran out is claimed for a look-up first (<see cref="OrderClaimKind.ClaimedNeedsCheck"/>).
    /// </summary>
    public async Task<IReadOnlyList<OrderClaim>> ClaimAsync(
        IReadOnlyList<OrderClaimRequest> orders, string owner, TimeSpan lease, bool takeUnsent, CancellationToken cancellationToken)
    {
        if (orders.Count == 0)
        {
            return [];
        }

        var sorted = orders.OrderBy(o => o.Code, StringComparer.Ordinal).ToList();
        var codes = sorted.Select(o => o.Code).ToArray();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO processed_orders (kaspi_code, kaspi_order_id, kaspi_state, kaspi_status, total_price, creation_date)
            SELECT * FROM unnest(@codes::text[], @ids::text[], @states::text[], @statuses::text[], @prices::numeric[], @dates::timestamptz[])
            ON CONFLICT (kaspi_code) DO NOTHING
            """,
            new
            {
                codes,
                ids = sorted.Select(o => o.OrderId).ToArray(),
                states = sorted.Select(o => o.State).ToArray(),
                statuses = sorted.Select(o => o.Status).ToArray(),
                prices = sorted.Select(o => o.TotalPrice).ToArray(),
                dates = sorted.Select(o => o.CreationDate?.UtcDateTime).ToArray(),
            },
            transaction,
            cancellationToken: cancellationToken));

        var rows = (await connection.QueryAsync<ClaimRow>(new CommandDefinition(
            """
            SELECT kaspi_code, state, lead_id, contact_id, reserved_by, (reserved_until IS NULL OR reserved_until < now()) AS lease_expired,
                   write_sent_at IS NOT NULL AS write_sent
            FROM processed_orders WHERE kaspi_code = ANY(@codes) ORDER BY kaspi_code FOR UPDATE
            """,
            new { codes },
            transaction,
            cancellationToken: cancellationToken))).ToList();

        var claims = new List<OrderClaim>();
        var claimed = new List<string>();
        foreach (var row in rows)
        {
            var kind = row.State switch
            {
                "synced" => OrderClaimKind.AlreadySynced,
                "reserved" when !row.LeaseExpired && row.ReservedBy != owner && (row.WriteSent || !takeUnsent) => OrderClaimKind.InProgress,
                "reserved" when row.WriteSent => OrderClaimKind.ClaimedNeedsCheck,
                "reserved" => OrderClaimKind.Claimed, // its holder stopped before any write of it went out
                _ => OrderClaimKind.Claimed,
            };
            if (kind is OrderClaimKind.Claimed or OrderClaimKind.ClaimedNeedsCheck)
            {
                claimed.Add(row.KaspiCode);
            }

            claims.Add(new OrderClaim(row.KaspiCode, kind, row.LeadId, row.ContactId));
        }

        if (claimed.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE processed_orders
                SET state = 'reserved', reserved_by = @owner, reserved_until = now() + @leaseSeconds * interval '1 second',
                    attempts = attempts + 1, updated_at = now()
                WHERE kaspi_code = ANY(@claimed)
                """,
                new { owner, leaseSeconds = lease.TotalSeconds, claimed = claimed.ToArray() },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return claims;
    }

    /// <summary>
    /// Records that a write of these orders is about to go out to amoCRM; returns the ones this owner still holds, the only
    /// ones it may send (a reservation taken over since is another sync's now).
    /// </summary>
    public async Task<IReadOnlySet<string>> MarkSentAsync(IReadOnlyList<string> codes, string owner)
    {
        await using var connection = await db.OpenConnectionAsync(CancellationToken.None);
        var marked = await connection.QueryAsync<string>(new CommandDefinition(
            """
            UPDATE processed_orders SET write_sent_at = now(), updated_at = now()
            WHERE kaspi_code = ANY(@codes) AND reserved_by = @owner AND state = 'reserved'
            RETURNING kaspi_code
            """,
            new { codes = codes.ToArray(), owner }));
        return marked.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Records created leads; only rows this owner still holds change.</summary>
    public async Task MarkSyncedAsync(IReadOnlyList<SyncedOrder> orders, string owner)
    {
        if (orders.Count == 0)
        {
            return;
        }

        await using var connection = await db.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE processed_orders p
            SET state = 'synced', lead_id = s.lead_id, contact_id = s.contact_id, contact_created = s.contact_created,
                reserved_by = NULL, reserved_until = NULL, write_sent_at = NULL, last_error = NULL, synced_at = now(), updated_at = now()
            FROM unnest(@codes::text[], @leads::bigint[], @contacts::bigint[], @created::boolean[]) AS s(kaspi_code, lead_id, contact_id, contact_created)
            WHERE p.kaspi_code = s.kaspi_code AND (p.reserved_by = @owner OR p.state <> 'synced')
            """,
            new
            {
                codes = orders.Select(o => o.Code).ToArray(),
                leads = orders.Select(o => o.LeadId).ToArray(),
                contacts = orders.Select(o => o.ContactId).ToArray(),
                created = orders.Select(o => o.ContactCreated).ToArray(),
                owner,
            }));
    }

    public async Task MarkNotesAddedAsync(IReadOnlyList<string> codes)
    {
        await using var connection = await db.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE processed_orders SET note_added = true, updated_at = now() WHERE kaspi_code = ANY(@codes)",
            new { codes = codes.ToArray() }));
    }

    /// <summary>
    /// Gives claimed orders back. <paramref name="uncertain"/>: amoCRM may have created the lead (a lost answer), so the
    /// reservation stays with an expired lease and its write recorded as sent, so the next claim looks the lead up first;
    /// otherwise the order is <c>failed</c> (nothing was created) or, with no error, <c>pending</c> again.
    /// </summary>
    public async Task ReleaseAsync(IReadOnlyList<string> codes, string owner, string? error, bool uncertain)
    {
        if (codes.Count == 0)
        {
            return;
        }

        await using var connection = await db.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE processed_orders
            SET state = CASE WHEN @uncertain THEN 'reserved' WHEN @error::text IS NULL THEN 'pending' ELSE 'failed' END,
                reserved_until = CASE WHEN @uncertain THEN now() ELSE NULL END,
                reserved_by = CASE WHEN @uncertain THEN reserved_by ELSE NULL END,
                write_sent_at = CASE WHEN @uncertain THEN coalesce(write_sent_at, now()) ELSE NULL END,
                last_error = COALESCE(@error, last_error), updated_at = now()
            WHERE kaspi_code = ANY(@codes) AND reserved_by = @owner AND state = 'reserved'
            """,
            new { codes = codes.ToArray(), owner, error, uncertain }));
    }

    public async Task<IReadOnlyDictionary<string, ProcessedOrder>> GetAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ProcessedOrder>(new CommandDefinition(
            """
            SELECT kaspi_code, state, lead_id, contact_id, kaspi_status, reflected_status, note_added, synced_at,
                   (state = 'reserved' AND reserved_until >= now() AND write_sent_at IS NOT NULL) AS held
            FROM processed_orders WHERE kaspi_code = ANY(@codes)
            """,
            new { codes = codes.ToArray() },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.KaspiCode, StringComparer.Ordinal);
    }

    public async Task SetReflectedStatusAsync(IReadOnlyList<(string Code, string Status)> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        await using var connection = await db.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE processed_orders p SET reflected_status = s.status, kaspi_status = s.status, updated_at = now()
            FROM unnest(@codes::text[], @statuses::text[]) AS s(kaspi_code, status)
            WHERE p.kaspi_code = s.kaspi_code
            """,
            new { codes = changes.Select(c => c.Code).ToArray(), statuses = changes.Select(c => c.Status).ToArray() }));
    }

    /// <summary>Force-unlock: every live reservation gets an expired lease (the next claim checks amoCRM before creating).</summary>
    public async Task<int> ExpireReservationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE processed_orders SET reserved_until = now() - interval '1 second', updated_at = now() WHERE state = 'reserved' AND reserved_until > now()",
            cancellationToken: cancellationToken));
    }

    public async Task<long> CountAsync(string state, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM processed_orders WHERE state = @state", new { state }, cancellationToken: cancellationToken));
    }

    private sealed record ClaimRow(string KaspiCode, string State, long? LeadId, long? ContactId, string? ReservedBy, bool LeaseExpired, bool WriteSent);
}
