using System.Text.Json.Nodes;
using Prometei.Testing;

namespace Prometei.EndToEndTests;

/// <summary>
/// A wrong setting (a connection string Npgsql refuses, a number out of range, a value that does not parse) stops either service
/// at start with one log line naming the setting, never its value, and a non-zero exit code: no unhandled exception's stack.
/// The services are started as real processes; none of them reaches a database.
/// </summary>
public sealed class StartupConfigurationTests
{
    private const string Password = "pw-never-in-the-log-7f3a";
    private const string GoodWorkflows = $"Host=127.0.0.1;Port=1;Database=workflows;Username=postgres;Password={Password}";

    public static TheoryData<string, string, string, string> WrongSettings => new()
    {
        { "Prometei.Workflows", "ConnectionStrings__workflows", $"Host=127.0.0.1;Max Pool Size=20;Username=postgres;Password={Password}",
            "ConnectionStrings:workflows has the keyword 'Max Pool Size', which Npgsql does not know (its name is 'Maximum Pool Size')." },
        { "Prometei.Workflows", "ConnectionStrings__workflows", $"Host=127.0.0.1;Port=five;Password={Password}",
            "ConnectionStrings:workflows has a value for 'Port' that Npgsql cannot use." },
        { "Prometei.Workflows", "Workflows__MaxConcurrency", "-1", "Workflows:MaxConcurrency: The field MaxConcurrency must be between 1 and 1024." },
        { "Prometei.Workflows", "Workflows__LeaseDuration", "half a minute", "Workflows:LeaseDuration cannot be read as a TimeSpan (for example 00:00:30)." },
        { "Prometei.Api", "ConnectionStrings__integration", $"Host=127.0.0.1;Port=1;Username=postgres;Password={Password};Pooling=maybe",
            "ConnectionStrings:integration has a value for 'Pooling' that Npgsql cannot use." },
        { "Prometei.Api", "ConnectionStrings__integration", null!, "ConnectionStrings:integration is not set (environment variable ConnectionStrings__integration)." },
        { "Prometei.Api", "DataProtection__CertificatePath", "/nonexistent/prometei-key-ring.pfx", "DataProtection:CertificatePath names no file." },
        { "Prometei.Api", "DataProtection__CertificatePath", "/etc/passwd", "DataProtection:CertificatePath cannot be read as a PKCS#12 file with DataProtection:CertificatePassword" },
        { "Prometei.Workflows", "DataProtection__CertificatePath", "/etc/passwd", "DataProtection:CertificatePath cannot be read as a PKCS#12 file with DataProtection:CertificatePassword" },
    };

    [Theory]
    [MemberData(nameof(WrongSettings))]
    public async Task WrongSetting_StopsTheStart_WithOneLineNamingIt_NotItsValue_AndExitCodeOne(string project, string variable, string value, string expected)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__workflows"] = GoodWorkflows,
            ["ConnectionStrings__integration"] = GoodWorkflows.Replace("workflows", "integration", StringComparison.Ordinal),
            [variable] = value,
        };

        var failed = await Assert.ThrowsAsync<ServiceExitedException>(() => ServiceProcess.StartAsync(project, environment, timeout: TimeSpan.FromSeconds(90)));

        Assert.Equal(1, failed.ExitCode);
        var log = failed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = JsonNode.Parse(Assert.Single(log, l => l.Contains("cannot start", StringComparison.Ordinal)))!;
        var message = line["Message"]!.GetValue<string>();
        Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase); // the connection string's keywords come lower-cased
        Assert.Equal("Critical", line["LogLevel"]!.GetValue<string>());
        var all = string.Join('\n', log);
        Assert.DoesNotContain(Password, all, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        if (!variable.StartsWith("ConnectionStrings", StringComparison.Ordinal))
        {
            Assert.DoesNotContain(value, message, StringComparison.Ordinal);
        }
    }
}
