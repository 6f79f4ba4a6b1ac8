namespace Prometei.AppHost.Hosting;

/// <summary><c>AddParameter</c>: values given to resources, generated and kept when not configured.</summary>
public static class ParameterResourceBuilderExtensions
{
    /// <summary>
    /// Adds a parameter. Its value is <paramref name="configurationKey"/> or <c>Parameters:{name}</c> from configuration
    /// (environment, <c>.env</c>, command line) when set; otherwise the value generated on the first run and kept in the data
    /// folder's <c>parameters.json</c> (24 letters and digits).
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameter(
        this DistributedApplicationBuilder builder, string name, bool secret = false, string? configurationKey = null) =>
        builder.AddResource(new ParameterResource(name, secret, configurationKey));
}
