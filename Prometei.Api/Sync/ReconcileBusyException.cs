namespace Prometei.Api.Sync;

/// <summary>Another reconcile holds the <c>kaspi-reconcile</c> lock (an operator can force it open).</summary>
public sealed class ReconcileBusyException() : Exception("Another reconcile is running.");
