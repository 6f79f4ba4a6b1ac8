using System.Text.Json;

namespace Prometei.Workflows.Engine.Values;

/// <summary>
/// The <see cref="InvalidCastException"/> of a failed conversion: it names the source value's type and the target type,
/// never the value, since workflow values can carry secrets.
/// </summary>
internal static class ConversionFailure
{
    internal static InvalidCastException Failure(object? value, Type targetType, JsonException? inner = null)
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
