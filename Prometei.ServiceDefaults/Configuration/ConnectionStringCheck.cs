using System.Data.Common;
using Npgsql;

namespace Prometei.ServiceDefaults.Configuration;

/// <summary>Checks a PostgreSQL connection string the way Npgsql reads it, before anything opens a connection.</summary>
public static class ConnectionStringCheck
{
    /// <summary>
    /// What is wrong with <c>ConnectionStrings:{name}</c> for Npgsql, or null when Npgsql accepts it. The message names the
    /// setting and the keyword, never a value: a connection string carries a password.
    /// </summary>
    public static string? Problem(string? connectionString, string name)
    {
        var setting = $"ConnectionStrings:{name}";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"{setting} is not set (environment variable ConnectionStrings__{name}).";
        }

        var pairs = new DbConnectionStringBuilder();
        try
        {
            pairs.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return $"{setting} is not a connection string (keyword=value pairs separated by ';').";
        }

        var npgsql = new NpgsqlConnectionStringBuilder();
        foreach (string keyword in pairs.Keys)
        {
            // ContainsKey answers for every keyword Npgsql knows, set or not.
            if (!npgsql.ContainsKey(keyword))
            {
                return $"{setting} has the keyword '{keyword}', which Npgsql does not know"
                    + (s_usualNames.TryGetValue(keyword, out var usual) ? $" (its name is '{usual}')." : ".");
            }

            try
            {
                npgsql[keyword] = pairs[keyword];
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                return $"{setting} has a value for '{keyword}' that Npgsql cannot use.";
            }
        }

        return null;
    }

    /// <summary>Names other drivers (SqlClient) use for what Npgsql calls otherwise.</summary>
    private static readonly Dictionary<string, string> s_usualNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Max Pool Size"] = "Maximum Pool Size",
        ["Min Pool Size"] = "Minimum Pool Size",
    };
}
