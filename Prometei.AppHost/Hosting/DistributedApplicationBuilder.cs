using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Prometei.AppHost.Hosting.Parameters;

namespace Prometei.AppHost.Hosting;

/// <summary>
/// Declares the application's resources (Aspire's <c>IDistributedApplicationBuilder</c>); nothing runs until
/// <c>Build().Run()</c>. Configuration: environment variables (after <c>.env</c> of the working folder and of the
/// repository root are read into the environment, real variables winning) and the command line.
/// </summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<IResource> _resources = [];

    internal DistributedApplicationBuilder(string[] args)
    {
        AppHostDirectory = AppHostBuild.ProjectDirectory;
        EnvironmentFiles = DotEnvFiles.Load(Directory.GetCurrentDirectory(), AppHostBuild.RepositoryRoot);
        Configuration = new ConfigurationManager();
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(args);
        DataDirectory = Path.GetFullPath(Configuration["AppHost:DataPath"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppHostDirectory, ".data"));
    }

    /// <summary>The AppHost's configuration.</summary>
    public ConfigurationManager Configuration { get; }

    /// <summary>The folder of the AppHost project; relative project paths start here.</summary>
    public string AppHostDirectory { get; }

    /// <summary>
    /// What the AppHost keeps between runs (<c>AppHost:DataPath</c>, default <c>Prometei.AppHost/.data</c>, git-ignored):
    /// PostgreSQL's data, <c>parameters.json</c>, the resources' logs.
    /// </summary>
    public string DataDirectory { get; }

    /// <summary>The <c>.env</c> files that were read.</summary>
    public IReadOnlyList<string> EnvironmentFiles { get; }

    /// <summary>Lines printed under the banner when the application runs (which vendors are used, say).</summary>
    public IList<string> StartupNotes { get; } = new List<string>();

    /// <summary>Every resource added so far.</summary>
    public IReadOnlyList<IResource> Resources => _resources;

    /// <summary>Adds a resource.</summary>
    /// <exception cref="InvalidOperationException">The name is taken.</exception>
    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (_resources.Exists(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"There is already a resource named '{resource.Name}'.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    /// <summary>
    /// Resolves the parameters (generating and keeping the missing ones), chooses every endpoint's port and checks that no
    /// resource waits for itself.
    /// </summary>
    public DistributedApplication Build()
    {
        Directory.CreateDirectory(DataDirectory);
        var store = ParameterStore.Open(Path.Combine(DataDirectory, "parameters.json"));
        foreach (var parameter in _resources.OfType<ParameterResource>())
        {
            store.Resolve(parameter, Configuration);
        }

        store.Save();
        AllocatePorts();
        CheckWaits();
        return new DistributedApplication(this, [.. _resources]);
    }

    private void AllocatePorts()
    {
        var endpoints = _resources.OfType<IResourceWithEndpoints>().SelectMany(r => r.Endpoints)
            .Concat(_resources.OfType<PostgresServerResource>().Select(p => p.Endpoint));
        var taken = new HashSet<int>();
        foreach (var endpoint in endpoints)
        {
            var port = endpoint.RequestedPort is int requested && requested > 0 && !taken.Contains(requested) && IsFree(requested)
                ? requested
                : FreePort(taken);
            taken.Add(port);
            endpoint.Allocate(port);
        }
    }

    private void CheckWaits()
    {
        foreach (var resource in _resources.OfType<Resource>())
        {
            var seen = new HashSet<IResource>();
            var pending = new Stack<IResource>(resource.WaitsFor);
            while (pending.TryPop(out var next))
            {
                if (next == resource)
                {
                    throw new InvalidOperationException($"'{resource.Name}' waits for itself through its WaitFor chain.");
                }

                if (!_resources.Contains(next))
                {
                    throw new InvalidOperationException($"'{resource.Name}' waits for '{next.Name}', which was not added to this application.");
                }

                if (seen.Add(next) && next is Resource dependency)
                {
                    foreach (var further in dependency.WaitsFor)
                    {
                        pending.Push(further);
                    }
                }
            }
        }
    }

    internal static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort(HashSet<int> taken)
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (!taken.Contains(port))
            {
                return port;
            }
        }
    }
}
