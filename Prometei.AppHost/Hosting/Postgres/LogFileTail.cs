using System.Text;

namespace Prometei.AppHost.Hosting.Postgres;

/// <summary>Follows a log file a daemon writes (the postmaster's <c>pg_ctl -l</c> file) into a resource log.</summary>
internal sealed class LogFileTail : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _task;

    public LogFileTail(string path, Action<string> line)
    {
        _task = Task.Run(() => FollowAsync(path, line, _stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _task;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private static async Task FollowAsync(string path, Action<string> line, CancellationToken cancellationToken)
    {
        long offset = 0;
        var pending = new StringBuilder();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (stream.Length < offset)
                {
                    offset = 0;
                }

                stream.Seek(offset, SeekOrigin.Begin);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var text = await reader.ReadToEndAsync(cancellationToken);
                offset = stream.Position;
                pending.Append(text);
                var content = pending.ToString();
                var end = content.LastIndexOf('\n');
                if (end >= 0)
                {
                    foreach (var complete in content[..end].Split('\n'))
                    {
                        line(complete.TrimEnd('\r'));
                    }

                    pending.Clear().Append(content[(end + 1)..]);
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
            {
                // Not written yet, or being replaced.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
