using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Runtime.Scheduling;

namespace Prometei.Workflows.Runtime;

/// <summary>
/// Reads the triggers of a workflow version for the index. Trigger settings must be literal (a path, a cron expression, an
/// event name): the index has to know them without running anything.
/// </summary>
public static class TriggerExtractor
{
    public static (IReadOnlyList<TriggerRecord> Triggers, IReadOnlyList<string> Errors) Extract(Workflow workflow, DateTimeOffset now)
    {
        var triggers = new List<TriggerRecord>();
        var errors = new List<string>();
        foreach (var node in workflow.Triggers)
        {
            string? kind = null;
            string? key = null;
            var payload = new JsonObject();
            switch (node.Type)
            {
                case "Elsa.HttpEndpoint":
                    kind = TriggerKinds.Http;
                    key = Literal(node, "path", errors) is { } path ? HttpRoute.Normalize(path) : null;
                    var methods = MethodsOf(node);
                    payload["methods"] = new JsonArray([.. methods.Select(m => (JsonNode?)m)]);
                    foreach (var optional in new[] { "secretQueryParameter", "secretSetting", "requestValidator" })
                    {
                        if (OptionalLiteral(node, optional, errors) is { } value)
                        {
                            payload[optional] = value;
                        }
                    }

                    if (payload["secretQueryParameter"] is null != payload["secretSetting"] is null)
                    {
                        errors.Add($"Activity '{node.DisplayName}': set both the secret's query parameter and its setting, or neither.");
                    }

                    break;
                case "Elsa.Cron":
                    kind = TriggerKinds.Cron;
                    key = Literal(node, "cronExpression", errors);
                    if (key is not null)
                    {
                        try
                        {
                            CronSchedule.Parse(key, TimeZoneInfo.Utc);
                        }
                        catch (FormatException ex)
                        {
                            errors.Add($"Activity '{node.DisplayName}': {ex.Message}");
                            key = null;
                        }
                    }

                    break;
                case "Elsa.Timer":
                    kind = TriggerKinds.Timer;
                    key = Literal(node, "interval", errors);
                    if (key is not null && (!TimeSpan.TryParse(key, CultureInfo.InvariantCulture, out var interval) || interval <= TimeSpan.Zero))
                    {
                        errors.Add($"Activity '{node.DisplayName}': the interval '{key}' is not a positive hh:mm:ss.");
                        key = null;
                    }

                    break;
                case "Elsa.Event":
                    kind = TriggerKinds.Event;
                    key = Literal(node, "eventName", errors);
                    break;
            }

            if (kind is not null && key is not null)
            {
                triggers.Add(new TriggerRecord($"{workflow.DefinitionVersionId}/{node.NodeId}", workflow.DefinitionId, workflow.DefinitionVersionId,
                    node.NodeId, kind, key, payload, now));
            }
        }

        return (triggers, errors);
    }

    private static string? Literal(ActivityNode node, string input, List<string> errors)
    {
        var wrapped = node.Json[input];
        var expression = wrapped?["expression"];
        var type = expression?["type"]?.GetValue<string>();
        var value = expression?["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (type is not null && type != "Literal")
        {
            errors.Add($"Activity '{node.DisplayName}': the trigger input '{input}' must be a literal value, not {type}.");
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"Activity '{node.DisplayName}': the trigger input '{input}' is empty.");
            return null;
        }

        return value.Trim();
    }

    private static string? OptionalLiteral(ActivityNode node, string input, List<string> errors)
    {
        var expression = node.Json[input]?["expression"];
        var value = expression?["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (expression?["type"]?.GetValue<string>() is { } type && type != "Literal")
        {
            errors.Add($"Activity '{node.DisplayName}': the trigger input '{input}' must be a literal value, not {type}.");
            return null;
        }

        return value.Trim();
    }

    private static List<string> MethodsOf(ActivityNode node)
    {
        var value = node.Json["supportedMethods"]?["expression"]?["value"];
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString();
        var methods = new List<string>();
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                if (JsonNode.Parse(text) is JsonArray array)
                {
                    methods.AddRange(array.Select(m => m?.GetValue<string>()?.ToUpperInvariant()).OfType<string>());
                }
            }
            catch (System.Text.Json.JsonException)
            {
                methods.AddRange(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => m.ToUpperInvariant()));
            }
        }

        return methods.Count == 0 ? ["GET"] : methods;
    }
}
