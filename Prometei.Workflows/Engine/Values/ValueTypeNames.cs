using System.Dynamic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Prometei.Workflows.Engine.Values;

/// <summary>Elsa variable type names (<c>String</c>, <c>Int32?</c>, <c>String[]</c>, CLR and assembly-qualified names) and their CLR types.</summary>
internal static class ValueTypeNames
{
    private static readonly Dictionary<string, Type> s_typeAliases = new(StringComparer.Ordinal)
    {
        ["Object"] = typeof(object),
        ["String"] = typeof(string),
        ["Boolean"] = typeof(bool),
        ["Char"] = typeof(char),
        ["Byte"] = typeof(byte),
        ["Int16"] = typeof(short),
        ["Int32"] = typeof(int),
        ["Int64"] = typeof(long),
        ["Decimal"] = typeof(decimal),
        ["Single"] = typeof(float),
        ["Double"] = typeof(double),
        ["Guid"] = typeof(Guid),
        ["DateTime"] = typeof(DateTime),
        ["DateTimeOffset"] = typeof(DateTimeOffset),
        ["TimeSpan"] = typeof(TimeSpan),
        ["DateOnly"] = typeof(DateOnly),
        ["TimeOnly"] = typeof(TimeOnly),
        ["Uri"] = typeof(Uri),
        ["ExpandoObject"] = typeof(ExpandoObject),
        ["JsonElement"] = typeof(JsonElement),
        ["JsonNode"] = typeof(JsonNode),
        ["JsonObject"] = typeof(JsonObject),
        ["JsonArray"] = typeof(JsonArray),
        // The engine keeps JSON arrays as List<object?>, so an untyped array variable holds one of those.
        ["Array"] = typeof(List<object?>),
        ["StringDictionary"] = typeof(IDictionary<string, string>),
        ["StringObjectDictionary"] = typeof(IDictionary<string, object?>),
    };

    /// <summary>See <see cref="ValueConverter.ResolveTypeName(string?)"/>.</summary>
    public static Type? Resolve(string? elsaTypeName)
    {
        if (string.IsNullOrWhiteSpace(elsaTypeName))
        {
            return null;
        }

        var name = elsaTypeName.Trim();
        if (name.EndsWith("[]", StringComparison.Ordinal))
        {
            return Resolve(name[..^2])?.MakeArrayType();
        }

        if (name.EndsWith('?'))
        {
            var underlying = Resolve(name[..^1]);
            return underlying is { IsValueType: true } && Nullable.GetUnderlyingType(underlying) is null
                ? typeof(Nullable<>).MakeGenericType(underlying)
                : null;
        }

        if (s_typeAliases.TryGetValue(name, out var aliased))
        {
            return aliased;
        }

        // CLR names: "System.String", "System.Dynamic.ExpandoObject", or an assembly-qualified name.
        var clrType = Type.GetType(name, throwOnError: false);
        if (clrType is not null)
        {
            return clrType;
        }

        // Elsa writes assembly-qualified names of its own assemblies ("System.Net.HttpStatusCode, System.Net.Primitives, Version=…",
        // "Elsa.Scheduling.Models.DelayBlockingStrategy, Elsa.Scheduling"): resolve the type part among what this server knows.
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0 && !name.Contains('[', StringComparison.Ordinal))
        {
            return Resolve(name[..comma]);
        }

        foreach (var known in s_typeAliases.Values)
        {
            if (string.Equals(known.FullName, name, StringComparison.Ordinal))
            {
                return known;
            }
        }

        return null;
    }
}
