using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.Api.Descriptors;

/// <summary>Activity descriptors in Elsa's shape, with <c>uiSpecifications</c> built per UI hint (contract §3.1.4).</summary>
internal static class ActivityDescriptorMapper
{
    /// <summary>Studio's <c>CodeEditorHeight.Large</c>, as the number it must be.</summary>
    public const int LargeEditorHeight = 1;

    public static ActivityDescriptorModel ToModel(ActivityDescriptor d, ExpressionEvaluatorRegistry evaluators) => new(
        d.TypeName,
        d.Namespace,
        d.Name,
        d.Version,
        d.Category,
        d.DisplayName,
        d.Description,
        d.Kind,
        d.IsContainer,
        d.IsBrowsable,
        d.IsStart,
        d.IsTerminal,
        [],
        [],
        [.. d.Ports.Select(p => new PortModel(p.Name, p.DisplayName, p.Type, IsBrowsable: true))],
        [.. d.Inputs.OrderBy(i => i.Order).Select(i => ToModel(i, evaluators))],
        [.. d.Outputs.Select((o, index) => new OutputModel(o.Name, o.TypeName, o.DisplayName, o.Description, index, o.IsBrowsable, IsSynthetic: false))]);

    private static InputModel ToModel(InputDescriptor i, ExpressionEvaluatorRegistry evaluators) => new(
        i.Name,
        i.TypeName,
        i.DisplayName,
        i.Description,
        i.Order,
        i.Category,
        i.IsBrowsable,
        IsSynthetic: false,
        i.IsWrapped,
        i.UIHint,
        i.DefaultValue is null ? null : JsonSerializer.SerializeToNode(i.DefaultValue, i.DefaultValue.GetType()),
        i.DefaultSyntax,
        IsReadOnly: false,
        i.IsSensitive,
        StorageDriverType: null,
        UiSpecifications(i, evaluators));

    public static JsonObject? UiSpecifications(InputDescriptor input, ExpressionEvaluatorRegistry evaluators)
    {
        var options = input.Options ?? [];
        return input.UIHint switch
        {
            InputUIHints.Dropdown => new JsonObject
            {
                ["dropdown"] = new JsonObject { ["selectList"] = SelectList(options, isChecked: null) },
            },
            "radiolist" => new JsonObject
            {
                ["radiolist"] = new JsonObject { ["radioList"] = SelectList(options, isChecked: null) },
            },
            InputUIHints.CheckList => new JsonObject
            {
                ["checklist"] = new JsonObject { ["checkList"] = SelectList(options, isChecked: Defaults(input.DefaultValue)) },
            },
            InputUIHints.CodeEditor => new JsonObject
            {
                ["code-editor"] = new JsonObject
                {
                    ["language"] = evaluators.TryGet(input.DefaultSyntax, out var evaluator) && evaluator.MonacoLanguage is { } language ? language : "plaintext",
                    ["editorHeight"] = LargeEditorHeight,
                    ["singleLineMode"] = false,
                },
            },
            _ => null,
        };
    }

    private static JsonObject SelectList(IReadOnlyList<string> options, HashSet<string>? isChecked) => new()
    {
        ["items"] = new JsonArray([.. options.Select(o =>
        {
            var item = new JsonObject { ["text"] = o, ["value"] = o };
            if (isChecked is not null)
            {
                item["isChecked"] = isChecked.Contains(o);
            }

            return (JsonNode)item;
        })]),
        ["isFlagsEnum"] = false,
    };

    private static HashSet<string> Defaults(object? defaultValue) => defaultValue switch
    {
        IEnumerable<string> values => [.. values],
        string text => [text],
        _ => [],
    };
}
