using System.Text;

namespace Prometei.Workflows.Engine.Descriptors;

/// <summary>Name conversions Elsa Studio relies on.</summary>
public static class JsonNames
{
    /// <summary>Camel-cases like Humanizer's Camelize: <c>CustomerId</c> → <c>customerId</c>, <c>URL</c> → <c>uRL</c>.</summary>
    public static string Camelize(string name) =>
        string.IsNullOrEmpty(name) || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary><c>CustomerId</c> → <c>customer-id</c>, as Elsa names input memory ids.</summary>
    public static string Kebab(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('-');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Elsa's friendly type names: <c>String</c>, <c>Int32</c>, <c>Boolean</c>, <c>Object</c>, …</summary>
    public static string FriendlyTypeName(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string) || t.IsPrimitive || t == typeof(decimal) || t == typeof(Guid) || t == typeof(TimeSpan)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset))
        {
            return t.Name;
        }

        return "Object";
    }
}
