using System.Globalization;
using System.Text;

namespace Prometei.Testing;

/// <summary>What a finished child process printed and returned.</summary>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command, its exit code and everything it printed, for exception messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"`{CommandLine}` exited with code {ExitCode}.");
        AppendStream(text, "stdout", StandardOutput);
        AppendStream(text, "stderr", StandardError);
        return text.ToString();
    }

    private static void AppendStream(StringBuilder text, string name, string content)
    {
        if (!string.IsNullOrWhiteSpace(content))
        {
            text.AppendLine().Append(name).AppendLine(":").Append(content.TrimEnd());
        }
    }
}
