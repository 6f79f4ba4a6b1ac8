using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// The amoCRM request budget shared by every Api process (<c>AMO_RPS</c>, default 7/s): one row in PostgreSQL holds the
/// next free slot; a request reserves it in one UPDATE (the slot moves on by 1 / rate, with a safety margin for jitter)
/// and waits until then. Inside a process a gate keeps one reservation in flight at a time, so the database sees at
/// most one statement per slot. A 429 pushes the slot out for everybody.
/// </summary>
public sealed class AmoCrmRateLimiter(NpgsqlDataSource db, IOptions<AmoCrmOptions> options, TimeProvider time) : IDisposable
{
    private const string Name = "amocrm";
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for this process's turn, then for the next shared slot.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var wait = await ReserveAsync(cancellationToken);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
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
            "UPDATE rate_limits SET next_slot = GREATEST(next_slot, clock_timestamp() + @seconds * interval '1 second') WHERE name = @name",
            new { name = Name, seconds = pause.TotalSeconds },
            cancellationToken: cancellationToken));
    }

    private async Task<TimeSpan> ReserveAsync(CancellationToken cancellationToken)
    {
        var spacing = options.Value.RequestSpacing.TotalSeconds;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var seconds = await connection.ExecuteScalarAsync<double?>(new CommandDefinition(
            """
            UPDATE rate_limits SET next_slot = GREATEST(next_slot, clock_timestamp()) + @spacing * interval '1 second'
            WHERE name = @name
            RETURNING GREATEST(extract(epoch FROM (next_slot - @spacing * interval '1 second' - clock_timestamp())), 0)::float8
            """,
            new { name = Name, spacing },
            cancellationToken: cancellationToken));
        if (seconds is null)
        {
            // The row is missing (a database restored without it): recreate it and take the first slot.
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO rate_limits (name, next_slot) VALUES (@name, clock_timestamp()) ON CONFLICT (name) DO NOTHING",
                new { name = Name },
                cancellationToken: cancellationToken));
            return await ReserveAsync(cancellationToken);
        }

        return TimeSpan.FromSeconds(seconds.Value);
    }

    public void Dispose() => _gate.Dispose();
}
