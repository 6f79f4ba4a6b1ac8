using System.Text.Json;
using Microsoft.Extensions.Options;
using Prometei.Workflows.Activities.Integration.Gateway;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>What the Prometei activities that call the gateway share: the typed client and the validated options.</summary>
public abstract class GatewayActivity : Activity
{
    /// <summary>The outcome when amoCRM has no such lead (its 204/404): the lead was deleted after the change.</summary>
    public const string LeadNotFound = "Lead not found";

    /// <summary>The outcome when the vendor refused the document for good (the ERP's 4xx); its reason is in the journal.</summary>
    public const string Refused = "Refused";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    protected static IPrometeiApi Api(ActivityExecutionContext context) => context.Services.GetRequiredService<IPrometeiApi>();

    protected static IntegrationOptions Options(ActivityExecutionContext context) => context.Services.GetRequiredService<IOptions<IntegrationOptions>>().Value;

    /// <summary>The caller's key when one is given (derived from the business event), else the execution's own.</summary>
    protected static string KeyFor(ActivityExecutionContext context, string? given) => string.IsNullOrWhiteSpace(given) ? context.IdempotencyKey : given;

    /// <summary>A record as a workflow value, under the camelCase names the gateway and the Studio use.</summary>
    protected static object? Value<T>(T record) => ValueConverter.FromJson(JsonSerializer.SerializeToNode(record, s_json));
}
