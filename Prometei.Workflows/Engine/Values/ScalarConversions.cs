using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using static Prometei.Workflows.Engine.Values.ConversionFailure;

namespace Prometei.Workflows.Engine.Values;

/// <summary>Conversions to text, booleans, numbers, enums, Guid, dates and durations for <see cref="ValueConverter"/>.</summary>
internal static class ScalarConversions
{
    // JSON text handed to string inputs goes to HTTP bodies and vendor APIs, never into HTML: keep Cyrillic and Kazakh
    // letters and "+05:00" offsets readable instead of \uXXXX-escaped.
    private static readonly JsonSerializerOptions s_textOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    internal static string ToText(object value) => value switch
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
        _ => ValueConverter.ToJson(value)?.ToJsonString(s_textOptions) ?? "",
    };

    internal static bool ToBoolean(object value)
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

    internal static object ToNumber(object value, Type targetType)
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

    internal static object ToEnum(object value, Type targetType)
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
    internal static object? ToTemporalOrGuid(object value, Type targetType)
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

    internal static bool IsIntegral(Type type) => Type.GetTypeCode(type) is TypeCode.SByte or TypeCode.Byte or TypeCode.Int16
        or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64;

    internal static bool IsNumeric(Type type) => !type.IsEnum && (IsIntegral(type)
        || Type.GetTypeCode(type) is TypeCode.Single or TypeCode.Double or TypeCode.Decimal);
}
