using System.Text.RegularExpressions;

namespace Prometei.EndToEndTests.Production;

/// <summary>
/// What a unit file of <c>deploy/systemd/</c> says to run: its <c>ExecStart</c> and its <c>Environment=</c> lines, with the
/// instance (<c>%i</c>) and host (<c>%H</c>) filled in, so a test runs the published services exactly as the units do.
/// </summary>
public sealed partial record SystemdUnit(IReadOnlyList<string> ExecStart, IReadOnlyDictionary<string, string> Environment, string EnvironmentFile)
{
    public static SystemdUnit Read(string path, string? instance = null)
    {
        var exec = new List<string>();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var environmentFile = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim().Replace("%i", instance ?? "", StringComparison.Ordinal).Replace("%H", "test-host", StringComparison.Ordinal);
            if (line.StartsWith("ExecStart=", StringComparison.Ordinal))
            {
                exec.AddRange(line["ExecStart=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (line.StartsWith("Environment=", StringComparison.Ordinal))
            {
                var pair = line["Environment=".Length..];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                environment[pair[..eq]] = pair[(eq + 1)..];
            }
            else if (line.StartsWith("EnvironmentFile=", StringComparison.Ordinal))
            {
                environmentFile = line["EnvironmentFile=".Length..];
            }
        }

        return new SystemdUnit(exec, environment, environmentFile);
    }

    /// <summary>The port of <c>ASPNETCORE_URLS</c>.</summary>
    public int Port => int.Parse(PortPattern().Match(Environment["ASPNETCORE_URLS"]).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The DLL that <c>ExecStart</c> runs, in <paramref name="publishFolder"/> instead of <c>/opt/prometei/…</c>.</summary>
    public string Dll(string publishFolder) => Path.Combine(publishFolder, Path.GetFileName(ExecStart[^1]));

    [GeneratedRegex(@":(\d+)$")]
    private static partial Regex PortPattern();
}
