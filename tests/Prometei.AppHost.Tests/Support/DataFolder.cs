namespace Prometei.AppHost.Tests.Support;

/// <summary>
/// A new, empty AppHost data folder under /tmp (which the postgres user can reach when the tests run as root), deleted
/// afterwards.
/// </summary>
public sealed class DataFolder : IDisposable
{
    public string Path { get; } =
        Directory.CreateDirectory(System.IO.Path.Combine("/tmp", "prometei-apphost-test-" + Guid.NewGuid().ToString("N")[..12])).FullName;

    public static implicit operator string(DataFolder folder) => folder.Path;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: /tmp is cleaned anyway.
        }
    }
}
