namespace Prometei.Fakes.AmoCrm;

/// <summary>A custom field of leads or contacts.</summary>
/// <remarks>
/// <c>Type</c>: text, textarea, numeric, select, multiselect, multitext, …<br/>
/// <c>EntityType</c>: leads, contacts or companies.<br/>
/// </remarks>
internal sealed record AmoFieldDefinition(
    long Id,
    string Name,
    string? Code,
    int Sort,
    string Type,
    string EntityType,
    IReadOnlyList<AmoEnum>? Enums)
{
    public bool HasEnums => Type is "select" or "multiselect" or "radiobutton" or "multitext";
}
