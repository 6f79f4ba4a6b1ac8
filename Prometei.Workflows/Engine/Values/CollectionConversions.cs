using System.Collections;
using System.Dynamic;
using static Prometei.Workflows.Engine.Values.ConversionFailure;
using static Prometei.Workflows.Engine.Values.ValueConverter;

namespace Prometei.Workflows.Engine.Values;

/// <summary>Conversions to <see cref="ExpandoObject"/>, lists and arrays for <see cref="ValueConverter"/>.</summary>
internal static class CollectionConversions
{
    internal static ExpandoObject ToExpando(object value, Type targetType) => value switch
    {
        ExpandoObject expando => expando,
        _ => FromJson(ToJson(value)) as ExpandoObject ?? throw Failure(value, targetType),
    };

    internal static object ToCollection(IEnumerable items, object source, Type targetType, Type elementType)
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
    internal static Type? GetElementType(Type targetType)
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
}
