using Microsoft.Extensions.Options;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Capabilities;

/// <summary>
/// Reads the gateway's flows (<c>GET /api/capabilities</c>) every <see cref="FlowAvailabilityOptions.RefreshInterval"/> and
/// keeps workflows whose flow is off from starting: a Cron slot passes, an HTTP trigger or an event answers 503 problem
/// "flow off: …". While the gateway cannot be read, every workflow may start (its activities retry durably, as for any
/// outage); a start right after this server's own start waits for the first attempt to read them (at most
/// <see cref="FlowAvailabilityOptions.FirstReadWait"/>).
/// </summary>
public sealed partial class FlowAvailability(
    IHttpClientFactory clients,
    IOptions<FlowAvailabilityOptions> options,
    TimeProvider time,
    ILogger<FlowAvailability> logger) : BackgroundService, IWorkflowStartGate
{
    public const string ClientName = "prometei-capabilities";

    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Snapshot? _snapshot;

    /// <summary>The last read, or null while none succeeded.</summary>
    public Snapshot? Current => _snapshot;

    public async ValueTask<string?> OffReasonAsync(Workflow workflow, CancellationToken cancellationToken)
    {
        if (!_firstAttempt.Task.IsCompleted)
        {
            await _firstAttempt.Task.WaitAsync(options.Value.FirstReadWait, time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        return OffReason(workflow, _snapshot);
    }

    /// <summary>Why <paramref name="workflow"/> is off in <paramref name="snapshot"/>, or null.</summary>
    public static string? OffReason(Workflow workflow, Snapshot? snapshot)
    {
        if (snapshot is null)
        {
            return null;
        }

        foreach (var flow in workflow.Nodes.Values.Select(n => ActivityFlows.Of(n.Type)).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (snapshot.Flows.TryGetValue(flow, out var state) && !state.On)
            {
                return $"flow off: {state.Reason ?? flow + " is off"}";
            }
        }

        return null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await ReadAsync(stoppingToken);
            _firstAttempt.TrySetResult();
            try
            {
                await Task.Delay(options.Value.RefreshInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var http = clients.CreateClient(ClientName);
            var answer = await http.GetFromJsonAsync<GatewayCapabilities>("api/capabilities", cancellationToken);
            if (answer is null)
            {
                return;
            }

            var next = new Snapshot(answer.Flows.ToDictionary(f => f.Name, StringComparer.Ordinal), time.GetUtcNow());
            var previous = _snapshot;
            foreach (var flow in next.Flows.Values)
            {
                if (previous is null || !previous.Flows.TryGetValue(flow.Name, out var before) || before.On != flow.On)
                {
                    LogFlow(logger, flow.Name, flow.On ? "on" : "off", flow.Reason ?? "");
                }
            }

            _snapshot = next;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The gateway is down or starting: keep what we knew; workflows retry their calls durably meanwhile.
            LogReadFailed(logger, ex.GetType().Name);
        }
    }

    /// <summary>One read of the gateway's flows.</summary>
    public sealed record Snapshot(IReadOnlyDictionary<string, GatewayFlow> Flows, DateTimeOffset ReadAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway flow {Flow} is {State} {Reason}")]
    private static partial void LogFlow(ILogger logger, string flow, string state, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The gateway's flows could not be read ({ErrorType})")]
    private static partial void LogReadFailed(ILogger logger, string errorType);
}
