using System.Reflection;
using Prometei.Workflows.Engine.Execution;

namespace Prometei.Workflows.UnitTests.Engine;

/// <summary>STYLE §2: <c>Engine/</c> uses no ASP.NET Core and no database code; the other folders depend on it, never the reverse.</summary>
public sealed class EngineDependencyTests
{
    private const BindingFlags AllDeclared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly string[] s_forbiddenPrefixes = ["Microsoft.AspNetCore", "Npgsql", "Dapper"];

    [Fact]
    public void EngineTypes_Signatures_ReferenceNoAspNetCoreOrDatabaseTypes()
    {
        var engineTypes = typeof(WorkflowRunner).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && (ns == "Prometei.Workflows.Engine" || ns.StartsWith("Prometei.Workflows.Engine.", StringComparison.Ordinal)))
            .ToList();

        var violations = engineTypes.SelectMany(ForbiddenReferences).ToList();

        Assert.True(engineTypes.Count > 50, $"Only {engineTypes.Count} engine types were found; the namespace filter is wrong.");
        Assert.Empty(violations);
    }

    [Fact]
    public void ForbiddenReferences_TypeUsingAspNetCoreAndDatabase_ReportsEachUse()
    {
        var violations = ForbiddenReferences(typeof(ViolatingType));

        Assert.Contains(violations, v => v.Contains("Microsoft.AspNetCore.Http.HttpContext", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("Npgsql.NpgsqlConnection", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("Npgsql.NpgsqlBatch", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("Npgsql.NpgsqlDataSource", StringComparison.Ordinal));
    }

    /// <summary>Every place in <paramref name="type"/>'s shape that names a forbidden type, as "Type.Member: ForbiddenType".</summary>
    private static IEnumerable<string> ForbiddenReferences(Type type)
    {
        var uses = new List<(string Member, Type? Used)>
        {
            ("base type", type.BaseType),
        };
        uses.AddRange(type.GetInterfaces().Select(i => ("interface", (Type?)i)));
        uses.AddRange(type.GetFields(AllDeclared).Select(f => (f.Name, (Type?)f.FieldType)));
        uses.AddRange(type.GetProperties(AllDeclared).Select(p => (p.Name, (Type?)p.PropertyType)));
        uses.AddRange(type.GetEvents(AllDeclared).Select(e => (e.Name, e.EventHandlerType)));
        foreach (var method in type.GetMethods(AllDeclared))
        {
            uses.Add((method.Name, method.ReturnType));
            uses.AddRange(method.GetParameters().Select(p => ($"{method.Name}({p.Name})", (Type?)p.ParameterType)));
        }

        foreach (var constructor in type.GetConstructors(AllDeclared))
        {
            uses.AddRange(constructor.GetParameters().Select(p => ($".ctor({p.Name})", (Type?)p.ParameterType)));
        }

        return uses
            .SelectMany(u => Expand(u.Used).Where(IsForbidden).Select(t => $"{type.FullName}.{u.Member}: {t.FullName}"))
            .Distinct(StringComparer.Ordinal);
    }

    /// <summary>The type and every type inside it: generic arguments, array elements, by-ref targets.</summary>
    private static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null)
        {
            yield break;
        }

        yield return type;
        if (type.HasElementType)
        {
            foreach (var inner in Expand(type.GetElementType()))
            {
                yield return inner;
            }
        }

        if (type.IsGenericType)
        {
            foreach (var inner in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return inner;
            }
        }
    }

    private static bool IsForbidden(Type type) =>
        type.Namespace is { } ns && s_forbiddenPrefixes.Any(p => ns == p || ns.StartsWith(p + ".", StringComparison.Ordinal));

    /// <summary>What the check must catch: a field, a property, a parameter and generic types naming forbidden types.</summary>
    private sealed class ViolatingType
    {
        public Microsoft.AspNetCore.Http.HttpContext? Context { get; set; }

        public static Task<Npgsql.NpgsqlConnection> OpenAsync(Npgsql.NpgsqlBatch batch) => throw new NotSupportedException(batch.ToString());

        public List<Npgsql.NpgsqlDataSource> DataSources = [];
    }
}
