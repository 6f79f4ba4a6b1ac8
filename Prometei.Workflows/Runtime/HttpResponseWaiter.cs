using System.Collections.Concurrent;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>
/// Callers waiting for a workflow's own HTTP response. The node that runs the workflow completes the wait directly when it is
/// this node; otherwise the NOTIFY on <see cref="InstanceStore.HttpResponseChannel"/> makes this node read the stored response.
/// </summary>
public sealed class HttpResponseWaiter
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<HttpResponseData>> _waiting = new(StringComparer.Ordinal);
    private readonly InstanceStore _instances;

    public HttpResponseWaiter(InstanceStore instances, DatabaseNotifications notifications)
    {
        _instances = instances;
        notifications.Subscribe(InstanceStore.HttpResponseChannel, OnNotified);
    }

    /// <summary>Registers interest before the instance is created, so no response can slip past.</summary>
    public Task<HttpResponseData> Register(string instanceId)
    {
        var tcs = new TaskCompletionSource<HttpResponseData>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[instanceId] = tcs;
        return tcs.Task;
    }

    public void Unregister(string instanceId) => _waiting.TryRemove(instanceId, out _);

    public void Complete(string instanceId, HttpResponseData response)
    {
        if (_waiting.TryRemove(instanceId, out var tcs))
        {
            tcs.TrySetResult(response);
        }
    }

    private void OnNotified(string instanceId)
    {
        if (instanceId.Length == 0)
        {
            foreach (var id in _waiting.Keys)
            {
                _ = FetchAsync(id);
            }
        }
        else if (_waiting.ContainsKey(instanceId))
        {
            _ = FetchAsync(instanceId);
        }
    }

    private async Task FetchAsync(string instanceId)
    {
        try
        {
            if (await _instances.GetHttpResponseAsync(instanceId) is { } response)
            {
                Complete(instanceId, response);
            }
        }
        catch (Npgsql.NpgsqlException)
        {
            // The caller's own timeout answers it.
        }
    }
}
