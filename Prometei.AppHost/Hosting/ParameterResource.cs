namespace Prometei.AppHost.Hosting;

/// <summary>
/// A value given to resources, usually a secret: from configuration when set there, otherwise generated on the first run
/// and kept in the data folder (<c>parameters.json</c>), as Aspire keeps generated parameters in user secrets.
/// </summary>
public sealed class ParameterResource : Resource
{
    private string? _value;

    /// <summary>Creates the parameter.</summary>
    /// <param name="name">Its name (the key in <c>parameters.json</c>, and <c>Parameters:{name}</c> in configuration).</param>
    /// <param name="secret">Whether the dashboard masks it.</param>
    /// <param name="configurationKey">Another configuration key that holds the value (e.g. <c>ADMIN_BASIC_PASS</c>).</param>
    public ParameterResource(string name, bool secret, string? configurationKey)
        : base(name)
    {
        Secret = secret;
        ConfigurationKey = configurationKey;
    }

    /// <inheritdoc />
    public override string Kind => "Parameter";

    /// <summary>Whether the dashboard masks the value.</summary>
    public bool Secret { get; }

    /// <summary>Another configuration key that holds the value.</summary>
    public string? ConfigurationKey { get; }

    /// <summary>The value, once the application is built.</summary>
    public string Value => _value ?? throw new InvalidOperationException($"The parameter '{Name}' is resolved when the application is built.");

    /// <summary>Where the value came from: a configuration key, or the data folder's <c>parameters.json</c>.</summary>
    public string Source { get; private set; } = "";

    /// <summary>Whether this run generated the value (it is printed once, then).</summary>
    public bool WasGenerated { get; private set; }

    internal void Resolve(string value, string source, bool generated)
    {
        _value = value;
        Source = source;
        WasGenerated = generated;
    }
}
