using System.Text;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>
/// The compatibility corpus (<c>tests/compatibility/</c>): Elsa 3 workflow files from elsa-core's own test assets, imported
/// as the Studio imports them, and those with an expected result (<c>expected.json</c>, taken from Elsa's tests) run and
/// compared. Prints <c>elsa_files_imported</c>/<c>elsa_files_total</c> and <c>elsa_files_run_as_elsa</c>/<c>elsa_files_supported</c>.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ElsaCompatibilityTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private ElsaApiServer _server = default!;
    private ElsaApiServer _tokenServer = default!;

    public async Task InitializeAsync()
    {
        _server = await ElsaApiServer.StartAsync(postgres.Server);

        // Elsa's join-behaviour tests run with the token-based flowchart (RunWorkflowOptions.WithTokenBasedFlowchart()):
        // those files run on a server set to that mode, as an Elsa server would be.
        _tokenServer = await ElsaApiServer.StartAsync(postgres.Server, new Dictionary<string, string?>
        {
            ["Workflows:Flowchart:ExecutionMode"] = "TokenBased",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _tokenServer.DisposeAsync();
    }

    public static string CorpusFolder
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !Directory.Exists(Path.Combine(folder.FullName, "tests", "compatibility")))
            {
                folder = folder.Parent;
            }

            return folder is null
                ? throw new DirectoryNotFoundException("tests/compatibility was not found above the test assembly.")
                : Path.Combine(folder.FullName, "tests", "compatibility");
        }
    }

    [Fact]
    public async Task Corpus_ImportsWithoutServerErrors_AndRunsAsElsaDoes()
    {
        var files = Directory.GetFiles(CorpusFolder, "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "expected.json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(CorpusFolder, "expected.json")))!;
        var expected = manifest["files"]!.AsObject();
        var known = manifest["knownDifferences"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var imported = 0;
        var notImported = new List<string>();
        var definitionIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(CorpusFolder, file).Replace('\\', '/');
            using var response = await _server.Client.PostAsync("workflow-definitions/import", new ByteArrayContent(await File.ReadAllBytesAsync(file)));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{relative}: {(int)response.StatusCode} {text}");
            if (response.IsSuccessStatusCode)
            {
                imported++;
                definitionIds[relative] = JsonNode.Parse(text)!["definitionId"]!.GetValue<string>();
            }
            else
            {
                notImported.Add($"{relative}: {(int)response.StatusCode} {text}");
            }
        }

        var runAsElsa = 0;
        var differences = new List<string>();
        foreach (var (relative, expectation) in expected)
        {
            if (!definitionIds.TryGetValue(relative, out var definitionId))
            {
                differences.Add($"{relative}: not imported");
                continue;
            }

            // Files the tested one starts as child workflows, published first (Elsa's test loads them published).
            foreach (var dependency in expectation!["publish"]?.AsArray().Select(d => d!.GetValue<string>()) ?? [])
            {
                await _server.PostJsonAsync($"workflow-definitions/{definitionIds[dependency]}/publish", "{}");
            }

            var server = _server;
            if (expectation["flowchartMode"]?.GetValue<string>() == "TokenBased")
            {
                server = _tokenServer;
                using var import = await server.Client.PostAsync("workflow-definitions/import",
                    new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(CorpusFolder, relative))));
                definitionId = JsonNode.Parse(await import.Content.ReadAsStringAsync())!["definitionId"]!.GetValue<string>();
            }

            var expectedStatus = expectation["status"]?.GetValue<string>() ?? "Finished";
            var (status, lines, completed) = await RunAsync(server, definitionId, expectedStatus);
            var expectedLines = expectation["lines"]?.AsArray().Select(l => l!.GetValue<string>()).ToList();
            var once = expectation["completedOnce"]?.AsArray().Select(l => l!.GetValue<string>()).ToList() ?? [];
            var ok = status == expectedStatus
                && (expectedLines is null || expectedLines.SequenceEqual(lines))
                && once.All(id => completed.Count(c => c == id) == 1);
            if (ok)
            {
                runAsElsa++;
            }
            else
            {
                Assert.True(known.Contains(relative), $"{relative} no longer runs as Elsa: {status} [{string.Join(", ", lines)}]");
                differences.Add($"{relative}: {status} [{string.Join(", ", lines)}], Elsa: [{string.Join(", ", expectedLines ?? [])}]");
            }
        }

        var report = new StringBuilder()
            .AppendLine(FormattableString.Invariant($"elsa_files_imported={imported} elsa_files_total={files.Count} ratio={(double)imported / files.Count:0.000}"))
            .AppendLine(FormattableString.Invariant($"elsa_files_run_as_elsa={runAsElsa} elsa_files_supported={expected.Count} ratio={(double)runAsElsa / expected.Count:0.000}"));
        notImported.ForEach(n => report.AppendLine("not imported: " + n));
        differences.ForEach(d => report.AppendLine("differs: " + d));
        output.WriteLine(report.ToString());
        Console.WriteLine(report.ToString());

        Assert.True(imported == files.Count, report.ToString()); // every file imports (workflow-as-activity types included)
        // Every difference is listed in expected.json's knownDifferences and in tests/compatibility/README.md (checked above).
    }

    private static async Task<(string Status, List<string> Lines, List<string> Completed)> RunAsync(
        ElsaApiServer server, string definitionId, string expectedStatus)
    {
        var id = await server.ExecuteAsync(definitionId);
        string status = "Running";
        var finished = await Record.ExceptionAsync(() => WorkflowServerHarness.WaitUntilAsync(
            async () =>
            {
                var state = await server.GetJsonAsync($"workflow-instances/{id}/execution-state");
                status = state["workflowSubStatus"]?.GetValue<string>() ?? "";
                return status is "Finished" or "Faulted" or "Cancelled" || status == expectedStatus;
            },
            TimeSpan.FromSeconds(60),
            $"instance {id} to finish"));
        if (finished is not null)
        {
            status = $"still {status} after 60 s";
        }

        var journal = await server.PostJsonAsync($"workflow-instances/{id}/journal?skip=0&take=1000", "");
        var items = journal["items"]!.AsArray();
        var lines = items
            .Where(i => i!["source"]?.GetValue<string>() == "WriteLine")
            .Select(i => i!["message"]?.GetValue<string>() ?? "")
            .ToList();
        var completed = items
            .Where(i => i!["eventName"]?.GetValue<string>() == "Completed")
            .Select(i => i!["activityId"]?.GetValue<string>() ?? "")
            .ToList();
        return (status, lines, completed);
    }
}
