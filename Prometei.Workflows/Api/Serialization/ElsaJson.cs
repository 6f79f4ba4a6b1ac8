using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Prometei.Workflows.Api.Serialization;

/// <summary>
/// The JSON of <c>/elsa/api</c>, as Elsa Studio reads it: camelCase names, enums as PascalCase names, dates as
/// <c>yyyy-MM-ddTHH:mm:ss.fffffffzzz</c>, null members written out, numbers as numbers. Used only by this API, so other
/// endpoints keep the host's settings.
/// </summary>
public static class ElsaJson
{
    /// <summary>The date format Studio parses (ISO 8601 with a <c>T</c> and an offset).</summary>
    public const string DateFormat = "yyyy-MM-ddTHH:mm:ss.fffffffzzz";

    public static JsonSerializerOptions Options { get; } = Create();

    public static string FormatDate(DateTimeOffset value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new ElsaDateTimeOffsetConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
