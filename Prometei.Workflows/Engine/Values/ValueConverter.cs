using System.Collections;
using System.Dynamic;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Xml;

namespace Prometei.Workflows.Engine.Values;

/// <summary>
/// Converts workflow values between JSON, the plain CLR shapes the engine stores (string, bool, long, decimal, double,
/// <see cref="ExpandoObject"/>, <see cref="List{T}"/> of object) and the types activity inputs declare.
/// </summary>
/// <remarks>
/// Conversion failures throw <see cref="InvalidCastException"/> whose message names the source value's type and the target
/// type, never the value: workflow values can carry secrets.
/// </remarks>
public static class ValueConverter
{
    // Property names are kept as declared; reading back is case-insensitive, so camelCase JSON binds too.
    private static readonly JsonSerializerOptions s_writeOptions = new()
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly JsonSerializerOptions s_readOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    // JSON text handed to string inputs goes to HTTP bodies and vendor APIs, never into HTML: keep Cyrillic and Kazakh
    // letters and "+05:00" offsets readable instead of \uXXXX-escaped.
    private static readonly JsonSerializerOptions s_textOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

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

    /// <summary>
    /// Turns JSON into plain CLR values: objects into <see cref="ExpandoObject"/>, arrays into <see cref="List{T}"/> of object,
    /// integers into <see cref="long"/> (<see cref="decimal"/> when too large), other numbers into <see cref="decimal"/>
    /// (<see cref="double"/> when out of range), strings, booleans and null as they are.
    /// </summary>
    public static object? FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                IDictionary<string, object?> expando = new ExpandoObject();
                foreach (var (name, child) in obj)
                {
                    expando[name] = FromJson(child);
                }

                return expando;
            case JsonArray array:
                var list = new List<object?>(array.Count);
                foreach (var item in array)
                {
                    list.Add(FromJson(item));
                }

                return list;
        }

        var value = node.AsValue();
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.TryGetValue<string>(out var text) ? text : value.Deserialize<string>();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                return FromJsonNumber(value);
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            default:
                return FromJson(JsonNode.Parse(value.ToJsonString()));
        }
    }

    /// <summary>
    /// Turns a CLR value into JSON with System.Text.Json: <see cref="ExpandoObject"/>, dictionaries, lists, records and primitives.
    /// A <see cref="JsonNode"/> is cloned and a <see cref="JsonElement"/> converted, so the result never shares a parent.
    /// </summary>
    public static JsonNode? ToJson(object? value)
    {
        try
        {
            return value switch
            {
                null => null,
                JsonNode node => node.DeepClone(),
                JsonElement element => JsonSerializer.SerializeToNode(element),
                _ => JsonSerializer.SerializeToNode(value, value.GetType(), s_writeOptions),
            };
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw Failure(value, typeof(JsonNode), ex as JsonException);
        }
    }

    /// <summary>
    /// Normalises a value before it is stored in a workflow variable, so that it looks the same as after a save and reload:
    /// integral numbers become <see cref="long"/>, <see cref="float"/> becomes <see cref="double"/>, JSON becomes plain values,
    /// and anything else (records, dates, dictionaries) goes through a JSON round-trip.
    /// <see cref="ExpandoObject"/> and <see cref="List{T}"/> of object are kept by reference.
    /// </summary>
    public static object? ToPlain(object? value) => value switch
    {
        null or string or bool or long or decimal or double or ExpandoObject or List<object?> => value,
        int or short or sbyte or byte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u => u <= long.MaxValue ? (long)u : (decimal)u,
        float f => (double)f,
        char c => c.ToString(),
        JsonNode node => FromJson(node),
        _ => FromJson(ToJson(value)),
    };

    /// <summary>
    /// Converts <paramref name="value"/> to <paramref name="targetType"/>. Strings holding JSON objects or arrays are parsed
    /// when the target is not <see cref="string"/> or <see cref="object"/>; null becomes the target's default. For an
    /// <see cref="object"/> target the value is kept as it is, except that JSON becomes plain values.
    /// Throws <see cref="InvalidCastException"/> when the value does not convert.
    /// </summary>
    public static object? ConvertTo(object? value, Type targetType)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        try
        {
            return ConvertCore(value, targetType);
        }
        catch (InvalidCastException)
        {
            throw;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or JsonException or NotSupportedException
                                       or ArgumentException or InvalidOperationException)
        {
            // Only JSON errors are kept as the inner exception: they carry a path, never the value.
            throw Failure(value, targetType, ex as JsonException);
        }
    }

    /// <summary>Converts <paramref name="value"/> to <typeparamref name="T"/>; see <see cref="ConvertTo(object?, Type)"/>.</summary>
    public static T? ConvertTo<T>(object? value) => (T?)ConvertTo(value, typeof(T));

    /// <summary>
    /// Maps an Elsa variable type name (<c>String</c>, <c>Int32</c>, <c>ExpandoObject</c>, <c>Int32?</c>, <c>String[]</c>, …)
    /// or a CLR full name (<c>System.String</c>) to its CLR type. Returns null for an unknown name.
    /// </summary>
    public static Type? ResolveTypeName(string? elsaTypeName)
    {
        if (string.IsNullOrWhiteSpace(elsaTypeName))
        {
            return null;
        }

        var name = elsaTypeName.Trim();
        if (name.EndsWith("[]", StringComparison.Ordinal))
        {
            return ResolveTypeName(name[..^2])?.MakeArrayType();
        }

        if (name.EndsWith('?'))
        {
            var underlying = ResolveTypeName(name[..^1]);
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
            return ResolveTypeName(name[..comma]);
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

    private static object? ConvertCore(object? value, Type targetType)
    {
        if (targetType == typeof(object))
        {
            // Untyped inputs get the engine's plain shapes, so JSON arrives as ExpandoObject and lists, not as nodes.
            return value is JsonNode or JsonElement ? FromJson(ToJson(value)) : value;
        }

        var underlying = Nullable.GetUnderlyingType(targetType);
        if (underlying is not null)
        {
            return value is null || value is string text && string.IsNullOrWhiteSpace(text)
                ? null
                : ConvertCore(value, underlying);
        }

        if (value is JsonElement element)
        {
            value = ToJson(element);
        }

        if (value is null)
        {
            return targetType.IsValueType ? Activator.CreateInstance(targetType) : null;
        }

        if (typeof(JsonNode).IsAssignableFrom(targetType))
        {
            return ToJsonNode(value, targetType);
        }

        if (value is JsonNode node)
        {
            value = FromJson(node);
            if (value is null)
            {
                return targetType.IsValueType ? Activator.CreateInstance(targetType) : null;
            }
        }

        if (targetType.IsInstanceOfType(value))
        {
            return value;
        }

        if (targetType == typeof(string))
        {
            return ToText(value);
        }

        if (targetType == typeof(bool))
        {
            return ToBoolean(value);
        }

        if (IsNumeric(targetType))
        {
            return ToNumber(value, targetType);
        }

        if (targetType.IsEnum)
        {
            return ToEnum(value, targetType);
        }

        var scalar = ToTemporalOrGuid(value, targetType);
        if (scalar is not null)
        {
            return scalar;
        }

        if (value is string json && LooksLikeJson(json))
        {
            value = FromJson(JsonNode.Parse(json));
            if (value is null || targetType.IsInstanceOfType(value))
            {
                return value;
            }
        }

        if (targetType.IsAssignableFrom(typeof(ExpandoObject)))
        {
            return ToExpando(value, targetType);
        }

        if (targetType.IsAssignableFrom(typeof(Dictionary<string, object?>)))
        {
            return new Dictionary<string, object?>(ToExpando(value, targetType));
        }

        var elementType = GetElementType(targetType);
        if (elementType is not null && value is IEnumerable items and not string and not IDictionary
            and not IDictionary<string, object?>)
        {
            return ToCollection(items, value, targetType, elementType);
        }

        // Records, POCOs and anything else System.Text.Json can bind: a JSON round-trip, case-insensitive.
        return ToJson(value).Deserialize(targetType, s_readOptions)
            ?? throw Failure(value, targetType);
    }

    private static object? FromJsonNumber(JsonValue value)
    {
        if (value.TryGetValue<double>(out var special) && !double.IsFinite(special))
        {
            return special;
        }

        var text = value.ToJsonString();
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        var real = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        // decimal rounds values below its precision to zero; keep those as double.
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact) && (exact != 0m || real == 0d)
            ? exact
            : real;
    }

    private static JsonNode? ToJsonNode(object value, Type targetType)
    {
        var text = value switch
        {
            string s => s,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => FromJson(v) as string,
            _ => null,
        };
        var node = text is not null && LooksLikeJson(text) ? TryParseJson(text) ?? ToJson(value) : ToJson(value);
        return node is null || targetType.IsInstanceOfType(node) ? node : throw Failure(value, targetType);
    }

    private static string ToText(object value) => value switch
    {
        bool b => b ? "true" : "false",
        char c => c.ToString(),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("O", CultureInfo.InvariantCulture),
        TimeSpan ts => ts.ToString("c", CultureInfo.InvariantCulture),
        Guid g => g.ToString("D", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        Uri uri => uri.OriginalString,
        IFormattable formattable when IsNumeric(value.GetType()) => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => ToJson(value)?.ToJsonString(s_textOptions) ?? "",
    };

    private static bool ToBoolean(object value)
    {
        switch (value)
        {
            case string text:
                var trimmed = text.Trim();
                if (bool.TryParse(trimmed, out var parsed))
                {
                    return parsed;
                }

                return trimmed switch
                {
                    "1" => true,
                    "0" => false,
                    _ => throw Failure(value, typeof(bool)),
                };
            case var _ when IsNumeric(value.GetType()):
                return Convert.ToBoolean(value, CultureInfo.InvariantCulture);
            default:
                throw Failure(value, typeof(bool));
        }
    }

    private static object ToNumber(object value, Type targetType)
    {
        var source = value switch
        {
            bool b => b ? 1L : 0L,
            Enum e => Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture),
            string text when targetType == typeof(double) || targetType == typeof(float) =>
                double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
            string text => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
            _ when IsNumeric(value.GetType()) => value,
            _ => throw Failure(value, targetType),
        };

        // An integral input never silently drops a fraction: 42.0 fits an Int32, 42.5 does not.
        if (IsIntegral(targetType) && source switch
        {
            decimal m => m != decimal.Truncate(m),
            double d => d != Math.Truncate(d),
            float f => f != MathF.Truncate(f),
            _ => false,
        })
        {
            throw Failure(value, targetType);
        }

        return Convert.ChangeType(source, targetType, CultureInfo.InvariantCulture);
    }

    private static object ToEnum(object value, Type targetType)
    {
        var name = value switch
        {
            string text => text.Trim(),
            Enum e => e.ToString(),
            _ => null,
        };

        if (name is not null)
        {
            return Enum.TryParse(targetType, name, ignoreCase: true, out var parsed) ? parsed! : throw Failure(value, targetType);
        }

        return IsNumeric(value.GetType())
            ? Enum.ToObject(targetType, ToNumber(value, Enum.GetUnderlyingType(targetType)))
            : throw Failure(value, targetType);
    }

    /// <summary>Guid, dates and durations; null when <paramref name="targetType"/> is none of them.</summary>
    private static object? ToTemporalOrGuid(object value, Type targetType)
    {
        const DateTimeStyles DateStyles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces;
        var invariant = CultureInfo.InvariantCulture;

        if (targetType == typeof(Guid))
        {
            return value is string text && Guid.TryParse(text.Trim(), invariant, out var guid) ? guid : throw Failure(value, targetType);
        }

        if (targetType == typeof(DateTimeOffset))
        {
            return value switch
            {
                DateTime dt => dt.Kind == DateTimeKind.Unspecified
                    ? new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc))
                    : new DateTimeOffset(dt),
                string text => DateTimeOffset.Parse(text, invariant, DateStyles),
                _ => throw Failure(value, targetType),
            };
        }

        if (targetType == typeof(DateTime))
        {
            return value switch
            {
                DateTimeOffset dto => dto.UtcDateTime,
                string text => DateTimeOffset.Parse(text, invariant, DateStyles).UtcDateTime,
                _ => throw Failure(value, targetType),
            };
        }

        if (targetType == typeof(DateOnly))
        {
            return value switch
            {
                DateTime dt => DateOnly.FromDateTime(dt),
                DateTimeOffset dto => DateOnly.FromDateTime(dto.DateTime),
                string text => DateOnly.Parse(text, invariant, DateTimeStyles.AllowWhiteSpaces),
                _ => throw Failure(value, targetType),
            };
        }

        if (targetType == typeof(TimeOnly))
        {
            return value switch
            {
                TimeSpan ts => TimeOnly.FromTimeSpan(ts),
                string text => TimeOnly.Parse(text, invariant, DateTimeStyles.AllowWhiteSpaces),
                _ => throw Failure(value, targetType),
            };
        }

        if (targetType == typeof(TimeSpan))
        {
            return value switch
            {
                TimeOnly t => t.ToTimeSpan(),
                // ISO 8601 durations ("PT5S", "P1DT2H") as Elsa and JavaScript write them; otherwise "00:00:05", "1.02:03:04".
                string text when text.TrimStart().TrimStart('-').StartsWith('P') => XmlConvert.ToTimeSpan(text.Trim()),
                string text => TimeSpan.Parse(text.Trim(), invariant),
                _ => throw Failure(value, targetType),
            };
        }

        return null;
    }

    private static ExpandoObject ToExpando(object value, Type targetType) => value switch
    {
        ExpandoObject expando => expando,
        _ => FromJson(ToJson(value)) as ExpandoObject ?? throw Failure(value, targetType),
    };

    private static object ToCollection(IEnumerable items, object source, Type targetType, Type elementType)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        var index = 0;
        foreach (var item in items)
        {
            try
            {
                list.Add(ConvertTo(item, elementType));
            }
            catch (InvalidCastException ex)
            {
                throw new InvalidCastException($"{Failure(source, targetType).Message} Item {index}: {ex.Message}");
            }

            index++;
        }

        if (!targetType.IsArray)
        {
            return list;
        }

        var array = Array.CreateInstance(elementType, list.Count);
        list.CopyTo(array, 0);
        return array;
    }

    /// <summary>The element type of an array or of a list-like target that <see cref="List{T}"/> satisfies.</summary>
    private static Type? GetElementType(Type targetType)
    {
        if (targetType.IsArray)
        {
            return targetType.GetArrayRank() == 1 ? targetType.GetElementType() : null;
        }

        if (!targetType.IsGenericType)
        {
            return null;
        }

        var definition = targetType.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(ICollection<>)
               || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyList<>)
               || definition == typeof(IReadOnlyCollection<>)
            ? targetType.GetGenericArguments()[0]
            : null;
    }

    private static bool LooksLikeJson(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        return trimmed.Length > 0 && trimmed[0] is '{' or '[';
    }

    private static JsonNode? TryParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsIntegral(Type type) => Type.GetTypeCode(type) is TypeCode.SByte or TypeCode.Byte or TypeCode.Int16
        or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64;

    private static bool IsNumeric(Type type) => !type.IsEnum && (IsIntegral(type)
        || Type.GetTypeCode(type) is TypeCode.Single or TypeCode.Double or TypeCode.Decimal);

    private static InvalidCastException Failure(object? value, Type targetType, JsonException? inner = null)
    {
        var message = $"Cannot convert a value of type {(value is null ? "null" : FormatTypeName(value.GetType()))} to {FormatTypeName(targetType)}.";
        return inner is null ? new InvalidCastException(message) : new InvalidCastException(message, inner);
    }

    private static string FormatTypeName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return FormatTypeName(underlying) + "?";
        }

        if (type.IsArray)
        {
            return FormatTypeName(type.GetElementType()!) + "[]";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return $"{(tick < 0 ? name : name[..tick])}<{string.Join(", ", type.GetGenericArguments().Select(FormatTypeName))}>";
    }
}
