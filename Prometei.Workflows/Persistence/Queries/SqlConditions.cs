using Npgsql;
using NpgsqlTypes;

namespace Prometei.Workflows.Persistence.Queries;

/// <summary>
/// The WHERE clause of a query built from optional filters. Values always travel as parameters; only fixed SQL text is
/// concatenated. The same conditions can be applied to several commands of a batch (the page and its count).
/// </summary>
internal sealed class SqlConditions
{
    private readonly List<string> _conditions = [];
    private readonly List<NpgsqlParameter> _parameters = [];

    public string Where => _conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", _conditions);

    public void Add(string condition) => _conditions.Add(condition);

    /// <summary>Adds a parameter and returns its placeholder (<c>$n</c>).</summary>
    public string Parameter(object value, NpgsqlDbType? type = null)
    {
        var parameter = new NpgsqlParameter { Value = value };
        if (type is { } t)
        {
            parameter.NpgsqlDbType = t;
        }

        _parameters.Add(parameter);
        return "$" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A command with these conditions' parameters (copies, so that several commands can share them).</summary>
    public NpgsqlBatchCommand Command(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in _parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        return command;
    }

    /// <summary>A <c>LIKE</c> pattern matching <paramref name="text"/> anywhere, with its wildcards escaped.</summary>
    public static string Contains(string text) => "%" + EscapeLike(text) + "%";

    /// <summary>A <c>LIKE</c> pattern matching values that start with <paramref name="text"/>.</summary>
    public static string StartsWith(string text) => EscapeLike(text) + "%";

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
