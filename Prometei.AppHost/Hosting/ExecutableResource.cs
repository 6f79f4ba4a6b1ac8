namespace Prometei.AppHost.Hosting;

/// <summary>A program the AppHost runs as a child process, with arguments, environment variables and endpoints.</summary>
public class ExecutableResource : Resource, IResourceWithEnvironment, IResourceWithEndpoints
{
    private readonly List<EndpointReference> _endpoints = [];

    /// <summary>Creates the resource.</summary>
    /// <param name="name">The resource name.</param>
    /// <param name="command">The program.</param>
    /// <param name="workingDirectory">Its working folder.</param>
    public ExecutableResource(string name, string command, string workingDirectory)
        : base(name)
    {
        Command = command;
        WorkingDirectory = workingDirectory;
    }

    /// <inheritdoc />
    public override string Kind => "Executable";

    /// <summary>The program.</summary>
    public string Command { get; }

    /// <summary>Its working folder.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Arguments after the program (after the assembly, for a project).</summary>
    public IList<string> Args { get; } = new List<string>();

    /// <inheritdoc />
    public IDictionary<string, EnvironmentValue> Environment { get; } = new Dictionary<string, EnvironmentValue>(StringComparer.Ordinal);

    /// <inheritdoc />
    public IReadOnlyList<EndpointReference> Endpoints => _endpoints;

    /// <summary>The endpoint named <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">There is none.</exception>
    public EndpointReference GetEndpoint(string name) =>
        _endpoints.Find(e => e.Name == name)
        ?? throw new InvalidOperationException($"'{Name}' has no endpoint named '{name}'.");

    /// <summary>The program and arguments to start.</summary>
    /// <exception cref="FileNotFoundException">What should run is not there (a project that was not built).</exception>
    public virtual IReadOnlyList<string> CommandLine() => [Command, .. Args];

    internal EndpointReference AddEndpoint(string name, string scheme, int? port)
    {
        if (_endpoints.Exists(e => e.Name == name))
        {
            throw new InvalidOperationException($"'{Name}' already has an endpoint named '{name}'.");
        }

        var endpoint = new EndpointReference(this, name, scheme, port);
        _endpoints.Add(endpoint);
        return endpoint;
    }
}
