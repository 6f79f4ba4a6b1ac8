using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Prometei.AppHost.Hosting.Parameters;

/// <summary>
/// The data folder's <c>parameters.json</c>: the values the AppHost generated for parameters that configuration did not
/// set, kept so that the next run gives the services the same passwords and keys (readable by the owner only).
/// </summary>
internal sealed class ParameterStore
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private const int GeneratedLength = 24;

    private readonly string _path;
    private readonly Dictionary<string, string> _values;
    private bool _changed;

    private ParameterStore(string path, Dictionary<string, string> values)
    {
        _path = path;
        _values = values;
    }

    public static ParameterStore Open(string path)
    {
        if (!File.Exists(path))
        {
            return new ParameterStore(path, new Dictionary<string, string>(StringComparer.Ordinal));
        }

        try
        {
            var values = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))
                ?? new Dictionary<string, string>(StringComparer.Ordinal);
            return new ParameterStore(path, new Dictionary<string, string>(values, StringComparer.Ordinal));
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{path} is not a JSON object of parameter values ({ex.Message}); fix it or delete it to generate new ones.", ex);
        }
    }

    /// <summary>The configured value (the parameter's own key, then <c>Parameters:{name}</c>), else the kept one, else a new one.</summary>
    public void Resolve(ParameterResource parameter, IConfiguration configuration)
    {
        foreach (var key in new[] { parameter.ConfigurationKey, $"Parameters:{parameter.Name}" })
        {
            if (key is not null && configuration[key] is { Length: > 0 } configured)
            {
                parameter.Resolve(configured, key, generated: false);
                return;
            }
        }

        if (_values.TryGetValue(parameter.Name, out var kept) && kept.Length > 0)
        {
            parameter.Resolve(kept, _path, generated: false);
            return;
        }

        var value = RandomNumberGenerator.GetString(Alphabet, GeneratedLength);
        _values[parameter.Name] = value;
        _changed = true;
        parameter.Resolve(value, _path, generated: true);
    }

    public void Save()
    {
        if (!_changed)
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var temporary = _path + ".tmp";
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, new SortedDictionary<string, string>(_values, StringComparer.Ordinal), new JsonSerializerOptions { WriteIndented = true });
        }

        File.Move(temporary, _path, overwrite: true);
        _changed = false;
    }
}
