namespace Prometei.Api.Sync;

/// <summary>Another Kaspi sync (a poll or a reconcile, maybe of a caller that hung up) held the sync lock for the whole wait.</summary>
public sealed class SyncBusyException(TimeSpan waited) : Exception($"Another Kaspi sync has been running for the last {waited.TotalSeconds:0} s; try again shortly.");
