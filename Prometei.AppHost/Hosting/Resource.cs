using System.Text.RegularExpressions;

namespace Prometei.AppHost.Hosting;

/// <summary>The base of every resource: its name, what it waits for, its health check and the links the dashboard shows.</summary>
public abstract partial class Resource : IResource
{
    /// <summary>Creates a resource.</summary>
    /// <param name="name">Letters, digits and dashes, starting with a letter.</param>
    protected Resource(string name)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a resource name: use letters, digits and dashes, starting with a letter.", nameof(name));
        }

        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>What the dashboard calls this kind of resource.</summary>
    public abstract string Kind { get; }

    /// <summary>The resources that must be healthy before this one starts.</summary>
    public IList<IResource> WaitsFor { get; } = new List<IResource>();

    /// <summary>The health check; without one the resource is healthy while it runs.</summary>
    public HttpHealthCheck? HealthCheck { get; internal set; }

    /// <summary>Links shown on the dashboard.</summary>
    public IList<ResourceUrl> Urls { get; } = new List<ResourceUrl>();

    /// <inheritdoc />
    public override string ToString() => Name;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,62}$")]
    private static partial Regex NamePattern();
}
