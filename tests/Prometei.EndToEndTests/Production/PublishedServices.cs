using Prometei.Testing;

namespace Prometei.EndToEndTests.Production;

/// <summary>
/// <c>dotnet publish -c Release</c> of Prometei.Api and Prometei.Workflows, once per test run, into a temporary folder
/// (README "Production" publishes the same way).
/// </summary>
public sealed class PublishedServices : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("prometei-published-").FullName;

    public string Api => Path.Combine(Folder, "api");

    public string Workflows => Path.Combine(Folder, "workflows");

    public async Task InitializeAsync()
    {
        var root = ServiceProcess.RepositoryRoot();
        foreach (var (project, output) in new[] { ("Prometei.Api", Api), ("Prometei.Workflows", Workflows) })
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "publish", Path.Combine(root, project), "-c", "Release", "-o", output, "-nologo", "-v", "q" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"dotnet publish {project} failed:\n{await stdout}\n{await stderr}");
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
