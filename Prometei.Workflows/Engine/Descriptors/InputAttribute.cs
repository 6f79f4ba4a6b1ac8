namespace Prometei.Workflows.Engine.Descriptors;

/// <summary>Describes an activity input for Elsa Studio: how it is edited and whether it may hold secrets.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputAttribute : Attribute
{
    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    public string? Category { get; set; }

    /// <summary>Studio's editor: <c>singleline</c>, <c>multiline</c>, <c>checkbox</c>, <c>dropdown</c>, <c>checklist</c>, <c>code-editor</c>, …</summary>
    public string UIHint { get; set; } = InputUIHints.SingleLine;

    /// <summary>The items of a dropdown or checklist.</summary>
    public string[]? Options { get; set; }

    /// <summary>The value of a new input, as text.</summary>
    public object? DefaultValue { get; set; }

    /// <summary>The expression syntax selected for a new input.</summary>
    public string DefaultSyntax { get; set; } = "Literal";

    /// <summary>The value may contain a secret: it is redacted in journals and logs.</summary>
    public bool CanContainSecrets { get; set; }

    public int Order { get; set; }

    /// <summary>Stored as a typed expression (true) or as the raw value (false, as Elsa's variable picker on SetVariable).</summary>
    public bool IsWrapped { get; set; } = true;

    public bool IsBrowsable { get; set; } = true;
}
