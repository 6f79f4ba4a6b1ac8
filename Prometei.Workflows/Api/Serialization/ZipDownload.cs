using System.IO.Compression;

namespace Prometei.Workflows.Api.Serialization;

/// <summary>The zip downloads of the bulk exports.</summary>
internal static class ZipDownload
{
    public static async Task<byte[]> CreateAsync(IAsyncEnumerable<(string Name, byte[] Content)> files, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            await foreach (var (name, content) in files.WithCancellation(cancellationToken))
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                await using var stream = await entry.OpenAsync(cancellationToken);
                await stream.WriteAsync(content, cancellationToken);
            }
        }

        return buffer.ToArray();
    }
}
