using System.Collections.Concurrent;

namespace Prometei.Api.Capabilities;

/// <summary>
/// What this process last heard from each vendor about its credentials: a 401/403 is a refusal (the Kaspi token or the ERP
/// key is wrong), any 2xx clears it. Shown by health as the vendor's state; per process, like the requests that saw it.
/// </summary>
public sealed class VendorRefusals(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (int Status, DateTimeOffset At)> _refused = new(StringComparer.Ordinal);

    public void Refused(string vendor, int status) => _refused[vendor] = (status, time.GetUtcNow());

    public void Accepted(string vendor) => _refused.TryRemove(vendor, out _);

    public (int Status, DateTimeOffset At)? Get(string vendor) => _refused.TryGetValue(vendor, out var r) ? r : null;
}
