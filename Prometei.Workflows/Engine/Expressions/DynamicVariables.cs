using System.Dynamic;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Expressions;

/// <summary>The <c>Variables</c> global of C# expressions: members read and write <see cref="ExpressionContext.Variables"/>.</summary>
/// <remarks>Internal on purpose: public members of this type would shadow variables of the same name.</remarks>
internal sealed class DynamicVariables(ExpressionContext context) : DynamicObject
{
    public override bool TryGetMember(GetMemberBinder binder, out object? result)
    {
        result = Read(context, binder.Name);
        return true;
    }

    public override bool TrySetMember(SetMemberBinder binder, object? value)
    {
        Write(context, binder.Name, value);
        return true;
    }

    public override bool TryGetIndex(GetIndexBinder binder, object[] indexes, out object? result)
    {
        if (indexes is [string name])
        {
            result = Read(context, name);
            return true;
        }

        result = null;
        return false;
    }

    public override bool TrySetIndex(SetIndexBinder binder, object[] indexes, object? value)
    {
        if (indexes is [string name])
        {
            Write(context, name, value);
            return true;
        }

        return false;
    }

    public override IEnumerable<string> GetDynamicMemberNames() => context.Variables.Keys;

    /// <summary>Reads a variable by name or id; a declared variable without a value reads as null, an undeclared one throws.</summary>
    internal static object? Read(ExpressionContext context, string name)
    {
        var resolved = context.ResolveVariableName(name);
        if (context.Variables.TryGetValue(resolved ?? name, out var value))
        {
            return CSharpGlobals.Readable(value);
        }

        return resolved is not null
            ? null
            : throw new KeyNotFoundException($"The workflow declares no variable '{name}'.");
    }

    /// <summary>Writes a variable by name or id, in the plain form the engine persists.</summary>
    internal static void Write(ExpressionContext context, string name, object? value) =>
        context.Variables[context.ResolveVariableName(name) ?? name] = ValueConverter.ToPlain(value);
}
