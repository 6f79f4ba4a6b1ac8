using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>What the thin Prometei activities share: the gateway client from the activity's services.</summary>
public abstract class GatewayActivity : Activity
{
    protected static GatewayClient Gateway(ActivityExecutionContext context) => context.Services.GetRequiredService<GatewayClient>();

    protected static IConfiguration Configuration(ActivityExecutionContext context) => context.Services.GetRequiredService<IConfiguration>();

    /// <summary>The caller's key when one is given (derived from the business event), else the execution's own.</summary>
    protected static string KeyFor(ActivityExecutionContext context, string? given) => string.IsNullOrWhiteSpace(given) ? context.IdempotencyKey : given;

    protected static JsonObject Object(params (string Key, JsonNode? Value)[] members)
    {
        var result = new JsonObject();
        foreach (var (key, value) in members)
        {
            result[key] = value;
        }

        return result;
    }
}
