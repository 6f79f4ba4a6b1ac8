using System.Globalization;

namespace Prometei.AppHost.Hosting;

/// <summary>What the AppHost itself prints: the URLs, resource state changes and errors, one timestamped line each.</summary>
internal sealed class AppHostConsole
{
    private readonly object _lock = new();

    public void Line(string text) => Write(Console.Out, text);

    public void Error(string text) => Write(Console.Error, text);

    /// <summary>A line without a timestamp (the banner).</summary>
    public void Plain(string text)
    {
        lock (_lock)
        {
            Console.Out.WriteLine(text);
            Console.Out.Flush();
        }
    }

    private void Write(TextWriter writer, string text)
    {
        lock (_lock)
        {
            var time = DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            foreach (var line in text.Split('\n'))
            {
                writer.WriteLine($"{time} {line.TrimEnd('\r')}");
            }

            writer.Flush();
        }
    }
}
