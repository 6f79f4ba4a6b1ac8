using System.Text.Json;

namespace Prometei.Workflows.Api.Serialization;

/// <summary>
/// Reads request bodies with <see cref="ElsaJson.Options"/>, whatever the Content-Type, so that Studio's body-less POSTs
/// (no body, no Content-Type) are accepted instead of failing with 415.
/// </summary>
internal static class ElsaBody
{
    /// <summary>The body as <typeparamref name="T"/>; null for an empty body; an error text for JSON that does not fit.</summary>
    public static async Task<(T? Value, string? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return (null, null);
        }

        // Files saved by Windows editors start with a UTF-8 byte order mark, which the JSON reader refuses.
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        try
        {
            return (JsonSerializer.Deserialize<T>(body, ElsaJson.Options), null);
        }
        catch (JsonException ex)
        {
            return (null, $"The request body is not valid: {ex.Message}");
        }
    }
}
