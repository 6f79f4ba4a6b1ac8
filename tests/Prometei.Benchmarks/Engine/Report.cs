using System.Globalization;

namespace Prometei.Benchmarks.Engine;

/// <summary>Collects the figures and prints them at the end: a short human header, then one <c>name=value</c> line each.</summary>
internal sealed class Report
{
    private readonly List<string> _header = [];
    private readonly List<(string Name, string Value)> _figures = [];

    /// <summary>A progress line, printed at once (prefixed with <c>#</c> so a reader of the figures can skip it).</summary>
    public static void Progress(string message) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {DateTime.Now:HH:mm:ss} {message}"));

    public void Header(string line) => _header.Add(line);

    public void Add(string name, double value, int decimals = 1) =>
        _figures.Add((name, double.IsFinite(value) ? Math.Round(value, decimals).ToString("0.########", CultureInfo.InvariantCulture) : "NaN"));

    public void Add(string name, long value) => _figures.Add((name, value.ToString(CultureInfo.InvariantCulture)));

    public void Add(string name, string value) => _figures.Add((name, value.Replace(' ', '_')));

    public void Print()
    {
        Console.WriteLine();
        foreach (var line in _header)
        {
            Console.WriteLine(line);
        }

        foreach (var (name, value) in _figures)
        {
            Console.WriteLine($"{name}={value}");
        }
    }

    public static string F(double value, int decimals = 1) => Math.Round(value, decimals).ToString("0.########", CultureInfo.InvariantCulture);
}
