using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Prometei.EndToEndTests.Support;

/// <summary>
/// A Prometei.Workflows node in the test process, on a harness's database and definitions, on the clock the test gives it
/// (several nodes can share one FakeTimeProvider), with what its timer scheduler logged.
/// </summary>
public sealed class InProcessNode : IAsyncDisposable
{
    public const string ApiKey = "in-process-node-api-key-0123456789";

    private readonly WebApplicationFactory<Program> _app;

    private InProcessNode(string nodeId, WebApplicationFactory<Program> app, TimerLog timers)
    {
        NodeId = nodeId;
        _app = app;
        Timers = timers;
    }

    public string NodeId { get; }

    /// <summary>The slots this node's timer scheduler fired, skipped, or found fired by another node.</summary>
    public TimerLog Timers { get; }

    /// <summary>
    /// Starts the node's host (migrations, definition import, workers, timers) with <paramref name="clock"/> as its TimeProvider;
    /// <paramref name="extra"/> are settings as a process node takes them from its environment (<c>__</c> for <c>:</c>).
    /// </summary>
    public static InProcessNode Start(WorkflowServerHarness harness, string nodeId, TimeProvider clock, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var timers = new TimerLog(nodeId);
        var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:workflows", harness.ConnectionString);
            builder.UseSetting("Workflows:DefinitionsPath", harness.DefinitionsFolder);
            builder.UseSetting("Workflows:NodeId", nodeId);
            builder.UseSetting("Workflows:LeaseDuration", "00:00:03");
            builder.UseSetting("Workflows:PollInterval", "00:00:00.200");
            builder.UseSetting("Workflows:Scheduling:TickInterval", "00:00:00.050");
            builder.UseSetting("Elsa:ApiKeys:0", ApiKey);
            builder.UseSetting("Logging:LogLevel:" + typeof(Prometei.Workflows.Runtime.Scheduling.TimerScheduler).FullName, "Debug");
            foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
            }

            builder.ConfigureLogging(logging =>
            {
                logging.AddProvider(timers);
                logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning); // the test's output stays readable
            });

            // After the app's own registrations, so it replaces TimeProvider.System for everything that takes one.
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        });
        _ = app.Services; // starts the host
        return new InProcessNode(nodeId, app, timers);
    }

    /// <summary>A client of the node, with its Elsa API key (for <c>/workflows/events/{name}</c> and <c>/elsa/api</c>).</summary>
    public HttpClient CreateClient()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ApiKey);
        return client;
    }

    /// <summary>The node's services (to read what it holds in memory, such as the gateway's flows it last read).</summary>
    public IServiceProvider Services => _app.Services;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>
    /// Waits until each node's scheduler has logged what it did with <paramref name="slot"/> of each timer in
    /// <paramref name="timers"/> (a timer is named by any of its subjects: trigger id, or definition id for the events logged
    /// per workflow). A node that was still finishing the previous slot when the clock moved has not yet set its next tick;
    /// small steps within the second wake it without reaching the next slot.
    /// </summary>
    public static async Task WaitForSlotAsync(FakeTimeProvider clock, DateTimeOffset slot, IReadOnlyList<InProcessNode> nodes, params string[][] timers)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var nextNudge = DateTime.UtcNow + TimeSpan.FromMilliseconds(200);
        while (!nodes.All(n => timers.All(t => n.Timers.For(slot, t).Count > 0)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for the nodes to try slot {slot:O}: "
                    + string.Join("; ", nodes.Select(n => $"{n.NodeId} {string.Join(",", timers.Select(t => string.Join("/", n.Timers.For(slot, t))))}")));
            }

            if (DateTime.UtcNow > nextNudge && clock.GetUtcNow() < slot.AddMilliseconds(850))
            {
                clock.Advance(TimeSpan.FromMilliseconds(50));
                nextNudge = DateTime.UtcNow + TimeSpan.FromMilliseconds(200);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>Records the timer scheduler's per-slot log events (their structured values, not their text).</summary>
    public sealed class TimerLog(string nodeId) : ILoggerProvider
    {
        private static readonly string s_category = typeof(Prometei.Workflows.Runtime.Scheduling.TimerScheduler).FullName!;

        /// <summary>
        /// (event name: LogFired, LogSingletonSkipped, LogFiredElsewhere or LogFlowOff; its trigger id, or definition id for a
        /// skipped singleton slot or a slot its flow being off passed; the slot).
        /// </summary>
        public ConcurrentQueue<(string Event, string Subject, DateTimeOffset Slot)> Slots { get; } = new();

        public string NodeId => nodeId;

        public ILogger CreateLogger(string categoryName) => categoryName == s_category ? new Recorder(this) : NullLogger;

        public void Dispose()
        {
        }

        /// <summary>What this node logged about <paramref name="slot"/> of the trigger or definition named by <paramref name="subjects"/>.</summary>
        public List<string> For(DateTimeOffset slot, params string[] subjects) =>
            [.. Slots.Where(s => s.Slot == slot && subjects.Contains(s.Subject)).Select(s => s.Event)];

        private static readonly ILogger NullLogger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        private sealed class Recorder(TimerLog log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (state is IReadOnlyList<KeyValuePair<string, object?>> values
                    && (values.FirstOrDefault(v => v.Key == "TriggerId").Value ?? values.FirstOrDefault(v => v.Key == "DefinitionId").Value) is string subject
                    && values.FirstOrDefault(v => v.Key == "Slot").Value is DateTimeOffset slot
                    && eventId.Name is { } name)
                {
                    log.Slots.Enqueue((name, subject, slot.ToUniversalTime()));
                }
            }
        }
    }
}
