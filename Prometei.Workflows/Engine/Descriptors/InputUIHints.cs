namespace Prometei.Workflows.Engine.Descriptors;

/// <summary>The UI hints Elsa Studio 3.8 renders.</summary>
public static class InputUIHints
{
    public const string SingleLine = "singleline";
    public const string MultiLine = "multiline";
    public const string Checkbox = "checkbox";
    public const string Dropdown = "dropdown";
    public const string CheckList = "checklist";
    public const string CodeEditor = "code-editor";
    public const string VariablePicker = "variable-picker";
    public const string OutcomePicker = "outcome-picker";
    public const string DynamicOutcomes = "dynamic-outcomes";
    public const string JsonEditor = "json-editor";
    public const string MultiText = "multitext";
    public const string OutputPicker = "output-picker";
}
