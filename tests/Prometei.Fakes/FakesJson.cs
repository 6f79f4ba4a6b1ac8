using System.Text.Json;
using System.Text.Json.Serialization;

namespace Prometei.Fakes;

/// <summary>JSON settings of the control API (web defaults: camelCase, enums as strings), shared by server and client.</summary>
public static class FakesJson
{
    /// <summary>The options the control API writes and <see cref="Control.FakesControlClient"/> reads with.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the control API's settings to options that start from the web defaults.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter());
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
