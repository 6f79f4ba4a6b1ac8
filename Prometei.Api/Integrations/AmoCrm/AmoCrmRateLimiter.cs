using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// The amoCRM request budget shared by every Api process: <c>AMO_RPS</c> (default 7) slots in PostgreSQL. A request
/// takes the free slot that frees first (one UPDATE with <c>FOR UPDATE SKIP LOCKED</c>), waits until the slot's
/// <c>free_at</c> and is sent; its answer frees the slot for one second after that answer. Two requests on one slot are
/// therefore at least a second apart on arrival whatever delays they met on the way (a busy machine, a queue at
/// amoCRM's door), so no second ever holds more than AMO_RPS arrivals: pacing by spacing alone cannot promise that.
/// Inside a process a gate keeps one acquisition at a time, so the database sees a few statements per request. A 429
/// pauses every process (<c>rate_limits.paused_until</c>).
/// </summary>
public sealed class AmoCrmRateLimiter(NpgsqlDataSource db, IOptions<AmoCrmOptions> options, TimeProvider time) : IDisposable
{
    private const string Name = "amocrm";
    private static readonly TimeSpan s_lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(25);

    // A slot rests 1 s after its answer, plus a guard: timers fire on a millisecond tick and may wake a hair early, and
    // amoCRM's clock is not ours. 50 ms costs under 5% of the rate.
    private const double HoldSeconds = 1.05;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _slotsEnsured;

    /// <summary>Waits for a slot and for its time; dispose the lease when the answer came (or the request failed).</summary>
    public async Task<AmoCrmRateLease> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var slots = options.Value.RateSlots;
            if (Volatile.Read(ref _slotsEnsured) != slots)
            {
                await EnsureSlotsAsync(slots, cancellationToken);
            }

            while (true)
            {
                var taken = await TryTakeAsync(slots, cancellationToken);
                if (taken is { } slot)
                {
                    if (slot.Wait > 0)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(slot.Wait * 1000) + 1), time, cancellationToken);
                    }

                    return new AmoCrmRateLease(this, slot.Slot);
                }

                // Every slot is out with a request: one comes back within its round trip.
                await Task.Delay(s_poll, time, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>No request from any process before now + <paramref name="pause"/> (after a 429).</summary>
    public async Task PauseAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE rate_limits SET paused_until = GREATEST(paused_until, clock_timestamp() + @seconds * interval '1 second') WHERE name = @name",
            new { name = Name, seconds = pause.TotalSeconds },
            cancellationToken: cancellationToken));
    }

    internal async Task ReleaseAsync(int slot)
    {
        await using var connection = await db.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE rate_slots SET free_at = clock_timestamp() + @hold * interval '1 second', in_use_until = NULL WHERE name = @name AND slot = @slot",
            new { name = Name, slot, hold = HoldSeconds }));
    }

    private async Task<TakenSlot?> TryTakeAsync(int slots, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TakenSlot>(new CommandDefinition(
            """
            WITH pick AS (
                SELECT slot FROM rate_slots
                WHERE name = @name AND slot < @slots AND (in_use_until IS NULL OR in_use_until < clock_timestamp())
                ORDER BY free_at, slot
                LIMIT 1
                FOR UPDATE SKIP LOCKED
            ), start AS (
                SELECT GREATEST(s.free_at, (SELECT paused_until FROM rate_limits WHERE name = @name), clock_timestamp()) AS at, s.slot
                FROM rate_slots s JOIN pick ON s.name = @name AND s.slot = pick.slot
            )
            UPDATE rate_slots s SET in_use_until = start.at + @leaseSeconds * interval '1 second'
            FROM start WHERE s.name = @name AND s.slot = start.slot
            RETURNING s.slot, GREATEST(extract(epoch FROM (start.at - clock_timestamp())), 0)::float8 AS wait
            """,
            new { name = Name, slots, leaseSeconds = s_lease.TotalSeconds },
            cancellationToken: cancellationToken));
    }

    private async Task EnsureSlotsAsync(int slots, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO rate_limits (name) VALUES (@name) ON CONFLICT (name) DO NOTHING;
            INSERT INTO rate_slots (name, slot) SELECT @name, g FROM generate_series(0, @slots - 1) AS g ON CONFLICT (name, slot) DO NOTHING;
            """,
            new { name = Name, slots },
            cancellationToken: cancellationToken));
        Volatile.Write(ref _slotsEnsured, slots);
    }

    public void Dispose() => _gate.Dispose();

    private sealed record TakenSlot(int Slot, double Wait);
}
