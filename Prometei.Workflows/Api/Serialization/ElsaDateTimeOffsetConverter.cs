using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Prometei.Workflows.Api.Serialization;

/// <summary>Writes dates as <see cref="ElsaJson.DateFormat"/>; reads any ISO 8601 date (without an offset: UTC).</summary>
internal sealed class ElsaDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a date.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ElsaJson.FormatDate(value));
}
