namespace Prometei.AppHost.Hosting.Postgres;

/// <summary>One way of providing PostgreSQL does not work here; the message says why, for the list of all three.</summary>
internal sealed class PostgresUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
