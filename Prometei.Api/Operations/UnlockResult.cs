namespace Prometei.Api.Operations;

/// <summary>Locks deleted, and order reservations whose lease was ended (their next claim checks amoCRM before creating).</summary>
public sealed record UnlockResult(int LocksReleased, int ReservationsExpired);
