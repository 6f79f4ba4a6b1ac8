using System.Globalization;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>Reads a lead with its contacts from amoCRM, through the gateway (which holds the OAuth tokens and the rate limit).</summary>
[Activity("Prometei", "amoCRM", "Get an amoCRM lead with its contacts.", DisplayName = "Get amoCRM lead", HasOutsideEffect = true)]
public sealed class GetAmoCrmLead : GatewayActivity
{
    [Input(Description = "The amoCRM lead id.")]
    public Input<long> LeadId { get; set; } = new();

    [Output(Description = "The lead, with its contacts.")]
    public Output<object> Lead { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var id = context.Get(LeadId);
        var lead = await Gateway(context).GetAsync(string.Create(CultureInfo.InvariantCulture, $"api/amocrm/leads/{id}"), context.CancellationToken);
        context.Set(Lead, ValueConverter.FromJson(lead));
        context.Complete();
    }
}
