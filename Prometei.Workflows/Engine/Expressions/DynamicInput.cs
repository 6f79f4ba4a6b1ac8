using System.Dynamic;

namespace Prometei.Workflows.Engine.Expressions;

/// <summary>The <c>Input</c> global of C# expressions: the workflow input by member name, read-only.</summary>
/// <remarks>Internal on purpose: public members of this type would shadow inputs of the same name.</remarks>
internal sealed class DynamicInput(IReadOnlyDictionary<string, object?> input) : DynamicObject
{
    public override bool TryGetMember(GetMemberBinder binder, out object? result)
    {
        result = Read(binder.Name);
        return true;
    }

    public override bool TryGetIndex(GetIndexBinder binder, object[] indexes, out object? result)
    {
        result = indexes is [string name] ? Read(name) : null;
        return indexes is [string];
    }

    public override bool TrySetMember(SetMemberBinder binder, object? value) =>
        throw new InvalidOperationException($"Workflow input '{binder.Name}' is read-only; copy it into a variable to change it.");

    public override bool TrySetIndex(SetIndexBinder binder, object[] indexes, object? value) =>
        throw new InvalidOperationException("Workflow input is read-only; copy it into a variable to change it.");

    public override IEnumerable<string> GetDynamicMemberNames() => input.Keys;

    // Input is optional by nature: an absent member reads as null rather than failing the expression.
    private object? Read(string name) => input.TryGetValue(name, out var value) ? CSharpGlobals.Readable(value) : null;
}
