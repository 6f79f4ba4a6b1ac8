using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.Engine.Model;

/// <summary>
/// Finds inputs whose expression language this server does not evaluate (C# switched off, or a language it never had),
/// naming the activity, the input and the language, so that such a definition is refused at publish rather than faulting
/// at run time. Run after <see cref="DefinitionShape.Check"/>.
/// </summary>
public static class ExpressionLanguageCheck
{
    public static IReadOnlyList<string> Check(JsonObject definition, ActivityRegistry registry, ExpressionEvaluatorRegistry evaluators)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(evaluators);
        var errors = new List<string>();
        if (definition["root"] is JsonObject root)
        {
            Visit(root, registry, evaluators, errors, depth: 0);
        }

        return errors;
    }

    private static void Visit(JsonObject activity, ActivityRegistry registry, ExpressionEvaluatorRegistry evaluators, List<string> errors, int depth)
    {
        if (depth > DefinitionShape.MaxDepth)
        {
            return;
        }

        var id = Text(activity["id"]);
        if (registry.Find(activity) is { } descriptor)
        {
            var wrappedInputs = descriptor.Inputs.Where(i => i.IsWrapped).Select(i => (i.JsonName, Wrapped: activity[i.JsonName] as JsonObject));
            if (descriptor.TypeName == ActivityRegistry.WorkflowDefinitionActivityTypeName)
            {
                wrappedInputs = wrappedInputs.Concat(WorkflowDefinitionActivities.ChildInputs(activity).Select(i => (i.JsonName, (JsonObject?)i.Wrapped)));
            }

            foreach (var input in wrappedInputs)
            {
                if (input.Wrapped is { } wrapped && wrapped["expression"] is JsonObject expression
                    && Text(expression["type"]) is { } language && !evaluators.TryGet(language, out _))
                {
                    errors.Add(language.Equals("CSharp", StringComparison.OrdinalIgnoreCase)
                        ? $"Activity '{id}': input '{input.JsonName}' is a C# expression, and C# expressions are off on this server (Workflows:Expressions:CSharp); use JavaScript or a literal."
                        : $"Activity '{id}': input '{input.JsonName}' uses the expression language '{language}', which this server does not evaluate ({string.Join(", ", evaluators.All.Select(e => e.Type))}).");
                }
            }
        }

        foreach (var child in WorkflowBuilder.ChildActivities(activity))
        {
            Visit(child, registry, evaluators, errors, depth + 1);
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
