using System.Collections;
using System.Dynamic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using static Prometei.Workflows.Engine.Values.CollectionConversions;
using static Prometei.Workflows.Engine.Values.ConversionFailure;
using static Prometei.Workflows.Engine.Values.ScalarConversions;

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
    public static Type? ResolveTypeName(string? elsaTypeName) => ValueTypeNames.Resolve(elsaTypeName);

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
}
