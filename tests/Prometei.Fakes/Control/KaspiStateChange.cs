namespace Prometei.Fakes.Control;

/// <summary>
/// Moves an order (<c>POST /_control/kaspi/orders/{code}/state</c>): accept (<c>PICKUP</c> + <c>ACCEPTED_BY_MERCHANT</c>),
/// cancel (<c>ARCHIVE</c> + <c>CANCELLED</c> + reason), return (<c>ARCHIVE</c> + <c>RETURNED</c>).
/// </summary>
public sealed record KaspiStateChange(string State, string Status, string? CancellationReason = null);
