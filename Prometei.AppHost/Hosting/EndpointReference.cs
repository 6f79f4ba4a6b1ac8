using System.Globalization;

namespace Prometei.AppHost.Hosting;

/// <summary>
/// An endpoint of a resource on 127.0.0.1. Its port is chosen when the application is built (the requested one when it is
/// free, otherwise any free port), so every process can be told every address before anything starts.
/// </summary>
public sealed class EndpointReference
{
    private int? _port;

    internal EndpointReference(IResource resource, string name, string scheme, int? requestedPort)
    {
        Resource = resource;
        Name = name;
        Scheme = scheme;
        RequestedPort = requestedPort;
    }

    /// <summary>The resource that listens.</summary>
    public IResource Resource { get; }

    /// <summary>The endpoint's name (<c>http</c>, <c>tcp</c>).</summary>
    public string Name { get; }

    /// <summary>The URL scheme.</summary>
    public string Scheme { get; }

    /// <summary>The port asked for, if any.</summary>
    public int? RequestedPort { get; }

    /// <summary>The port, once the application is built.</summary>
    public int Port => _port ?? throw new InvalidOperationException(
        $"The port of endpoint '{Name}' of '{Resource.Name}' is chosen when the application is built; read it after Build().");

    /// <summary><c>{scheme}://127.0.0.1:{port}</c>.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"{Scheme}://127.0.0.1:{Port}");

    internal void Allocate(int port) => _port = port;
}
