namespace Prometei.Api.Capabilities;

public static class FlowGateExtensions
{
    /// <summary>The endpoints answer 503 problem "flow off: …" while configuration keeps <paramref name="flow"/> off.</summary>
    public static TBuilder RequireFlow<TBuilder>(this TBuilder builder, string flow) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var filter = ActivatorUtilities.CreateInstance<FlowGateFilter>(factory.ApplicationServices, flow, false);
            return context => filter.InvokeAsync(context, next);
        });

    /// <summary>The endpoints answer 503 problem "flow off: …" while <paramref name="vendor"/> is not configured.</summary>
    public static TBuilder RequireVendor<TBuilder>(this TBuilder builder, string vendor) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var filter = ActivatorUtilities.CreateInstance<FlowGateFilter>(factory.ApplicationServices, vendor, true);
            return context => filter.InvokeAsync(context, next);
        });
}
