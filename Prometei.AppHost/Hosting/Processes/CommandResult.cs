using System.Globalization;
using System.Text;

namespace Prometei.AppHost.Hosting.Processes;

/// <summary>What a finished command printed and returned.</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command, its exit code and its output, for messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"`{CommandLine}` exited with code {ExitCode}.");
        foreach (var (name, content) in new[] { ("stdout", StandardOutput), ("stderr", StandardError) })
        {
            if (!string.IsNullOrWhiteSpace(content))
            {
                text.Append(' ').Append(name).Append(": ").Append(content.Trim());
            }
        }

        return text.ToString();
    }
}
