namespace Prometei.AppHost.Hosting;

/// <summary>
/// The <c>With…</c> and <c>WaitFor</c> extensions, with the environment variables Aspire sets for them
/// (aspire <c>src/Aspire.Hosting/ResourceBuilderExtensions.cs</c>).
/// </summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Sets an environment variable of the process.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : IResourceWithEnvironment
    {
        builder.Resource.Environment[name] = EnvironmentValue.Of(value);
        return builder;
    }

    /// <summary>Sets an environment variable to a parameter's value (masked on the dashboard when the parameter is secret).</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : IResourceWithEnvironment
    {
        var resource = parameter.Resource;
        builder.Resource.Environment[name] = new EnvironmentValue(_ => ValueTask.FromResult(resource.Value), resource.Secret);
        return builder;
    }

    /// <summary>Sets an environment variable to a value computed when the process starts (endpoints and parameters are known by then).</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, Func<string> value, bool secret = false)
        where T : IResourceWithEnvironment
    {
        builder.Resource.Environment[name] = new EnvironmentValue(_ => ValueTask.FromResult(value()), secret);
        return builder;
    }

    /// <summary>Gives the process the connection string of <paramref name="source"/> as <c>ConnectionStrings__{name}</c>.</summary>
    /// <param name="builder">The process.</param>
    /// <param name="source">A database.</param>
    /// <param name="connectionName">The key; the source's name by default.</param>
    public static IResourceBuilder<T> WithReference<T>(
        this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source, string? connectionName = null)
        where T : IResourceWithEnvironment
    {
        var resource = source.Resource;
        builder.Resource.Environment[$"ConnectionStrings__{connectionName ?? resource.Name}"] =
            new EnvironmentValue(resource.GetConnectionStringAsync, IsSecret: true);
        return builder;
    }

    /// <summary>Gives the process the endpoints of <paramref name="source"/> as <c>services__{name}__{endpoint}__0</c> (service discovery).</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithEndpoints> source)
        where T : IResourceWithEnvironment
    {
        foreach (var endpoint in source.Resource.Endpoints)
        {
            builder.Resource.Environment[$"services__{source.Resource.Name}__{endpoint.Name}__0"] =
                new EnvironmentValue(_ => ValueTask.FromResult(endpoint.Url), IsSecret: false);
        }

        return builder;
    }

    /// <summary>Starts the resource only once <paramref name="dependency"/> is running and healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : Resource
    {
        if (!builder.Resource.WaitsFor.Contains(dependency.Resource))
        {
            builder.Resource.WaitsFor.Add(dependency.Resource);
        }

        return builder;
    }

    /// <summary>The resource is healthy while <c>GET {path}</c> on its endpoint answers 200; the dashboard links it.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health", string endpointName = "http")
        where T : ExecutableResource
    {
        var endpoint = builder.Resource.GetEndpoint(endpointName);
        builder.Resource.HealthCheck = new HttpHealthCheck(endpoint, path);
        return builder.WithUrl(path, "health", endpointName);
    }

    /// <summary>A link the dashboard shows: <paramref name="path"/> on the endpoint.</summary>
    public static IResourceBuilder<T> WithUrl<T>(this IResourceBuilder<T> builder, string path, string displayText, string endpointName = "http")
        where T : ExecutableResource
    {
        builder.Resource.Urls.Add(new ResourceUrl(builder.Resource.GetEndpoint(endpointName), path, displayText));
        return builder;
    }

    /// <summary>Adds command-line arguments.</summary>
    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params string[] args)
        where T : ExecutableResource
    {
        foreach (var arg in args)
        {
            builder.Resource.Args.Add(arg);
        }

        return builder;
    }

    /// <summary>
    /// Adds an HTTP endpoint on 127.0.0.1 (<paramref name="port"/> when free, else any free port) and, for the first one,
    /// <c>ASPNETCORE_URLS</c>.
    /// </summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, string name = "http")
        where T : ExecutableResource
    {
        var endpoint = builder.Resource.AddEndpoint(name, "http", port);
        if (builder.Resource.Endpoints.Count == 1)
        {
            builder.WithEnvironment("ASPNETCORE_URLS", () => endpoint.Url);
        }

        return builder;
    }
}
