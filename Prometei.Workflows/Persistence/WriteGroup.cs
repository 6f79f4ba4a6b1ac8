using Microsoft.Extensions.Options;
using Npgsql;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// Group commit: concurrent units of write (a step commit, an unguarded start: each a batch that must commit whole or not at
/// all) share one transaction, one round trip and one WAL flush. A unit that finds no group in flight goes at once, alone (no
/// timer, no added latency when idle); units that arrive while <see cref="WriteGroupOptions.GroupsInFlight"/> groups are in the
/// database wait and go together as the next group, at most <see cref="WriteGroupOptions.MaxUnits"/> of them. Each caller is
/// completed when its unit commits. When a group fails on the server (a fence lost, a unique violation, anything), nothing of
/// it was written, and each of its units is written again alone, so each gets its own outcome and one unit's failure never
/// fails another; when the connection fails, every unit of the group gets that failure, as a single write would.
/// </summary>
public sealed class WriteGroup(NpgsqlDataSource dataSource, IOptions<WriteGroupOptions>? options = null)
{
    private readonly WriteGroupOptions _options = options?.Value ?? new WriteGroupOptions();
    private readonly Lock _gate = new();
    private readonly Queue<Unit> _waiting = new();
    private int _inFlight;

    /// <summary>
    /// Writes the commands of <paramref name="unit"/> (taken out of it) in one transaction, shared with other waiting units.
    /// Cancelling takes the unit out while it waits; once sent, the caller waits for its outcome (it is committed or not as a
    /// whole). Fails with the database's exception for this unit alone.
    /// </summary>
    public async Task WriteAsync(NpgsqlBatch unit, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Unit([.. (IList<NpgsqlBatchCommand>)unit.BatchCommands]);
        unit.BatchCommands.Clear();
        bool send;
        lock (_gate)
        {
            _waiting.Enqueue(pending);
            send = _inFlight < _options.GroupsInFlight;
            if (send)
            {
                _inFlight++;
            }
        }

        if (send)
        {
            // Runs on this thread until the group is on the wire, then continues on the pool as further groups gather.
            _ = SendGroupsAsync();
        }

        using (cancellationToken.Register(static (u, token) => ((Unit)u!).Withdraw(token), pending))
        {
            await pending.Done.Task;
        }
    }

    /// <summary>Sends groups of waiting units until none waits; holds one of the in-flight slots meanwhile.</summary>
    private async Task SendGroupsAsync()
    {
        while (true)
        {
            var group = new List<Unit>();
            lock (_gate)
            {
                while (group.Count < _options.MaxUnits && _waiting.TryDequeue(out var unit))
                {
                    if (unit.Take())
                    {
                        group.Add(unit);
                    }
                }

                if (group.Count == 0)
                {
                    _inFlight--;
                    return;
                }
            }

            await SendAsync(group);
        }
    }

    private async Task SendAsync(List<Unit> group)
    {
        try
        {
            await using var batch = dataSource.CreateBatch();
            foreach (var unit in group)
            {
                foreach (var command in unit.Commands)
                {
                    batch.BatchCommands.Add(command);
                }
            }

            await batch.ExecuteNonQueryAsync(CancellationToken.None);
            batch.BatchCommands.Clear();
            foreach (var unit in group)
            {
                unit.Done.TrySetResult();
            }
        }
        catch (PostgresException) when (group.Count > 1)
        {
            // The server refused the group: its transaction rolled back whole. Each unit alone finds its own outcome.
            await Task.WhenAll(group.Select(SendAloneAsync));
        }
        catch (Exception ex)
        {
            foreach (var unit in group)
            {
                unit.Done.TrySetException(ex);
            }
        }
    }

    private async Task SendAloneAsync(Unit unit)
    {
        try
        {
            await using var batch = dataSource.CreateBatch();
            foreach (var command in unit.Commands)
            {
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(CancellationToken.None);
            batch.BatchCommands.Clear();
            unit.Done.TrySetResult();
        }
        catch (Exception ex)
        {
            unit.Done.TrySetException(ex);
        }
    }

    /// <summary>One caller's commands; waiting until a group takes it, or withdrawn by its caller before that.</summary>
    private sealed class Unit(List<NpgsqlBatchCommand> commands)
    {
        private const int Waiting = 0, Taken = 1, Withdrawn = 2;
        private int _state;

        public List<NpgsqlBatchCommand> Commands { get; } = commands;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>A group takes the unit, unless its caller withdrew it.</summary>
        public bool Take() => Interlocked.CompareExchange(ref _state, Taken, Waiting) == Waiting;

        /// <summary>The caller gives up: the unit is not sent if no group has taken it yet.</summary>
        public void Withdraw(CancellationToken cancellationToken)
        {
            if (Interlocked.CompareExchange(ref _state, Withdrawn, Waiting) == Waiting)
            {
                Done.TrySetCanceled(cancellationToken);
            }
        }
    }
}
