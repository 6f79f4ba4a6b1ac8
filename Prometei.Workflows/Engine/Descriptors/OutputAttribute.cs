namespace Prometei.Workflows.Engine.Descriptors;

/// <summary>Describes an activity output for Elsa Studio.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputAttribute : Attribute
{
    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    public bool IsBrowsable { get; set; } = true;
}
