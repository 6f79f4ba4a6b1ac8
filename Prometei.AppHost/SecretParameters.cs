namespace Prometei.AppHost;

public static class SecretParameters
{
    /// <summary>
    /// A secret parameter whose value comes from <paramref name="configurationKey"/> (the variable the services and the systems
    /// Prometei replaces already use) or <c>Parameters:{name}</c> when set, and is otherwise generated on the first run and
    /// kept in the AppHost's user secrets, so that it stays the same between runs. The dashboard masks it.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddSecret(this IDistributedApplicationBuilder builder, string name, string configurationKey)
    {
        if (builder.Configuration[configurationKey] is { Length: > 0 } configured)
        {
            return builder.AddParameter(name, configured, secret: true);
        }

        return builder.AddParameter(name, new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);
    }
}
