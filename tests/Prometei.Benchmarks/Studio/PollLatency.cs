using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Prometei.Benchmarks.Studio;

/// <summary>
/// The calls the Studio's viewer and instance list repeat while they are open (contract <c>shared/contracts/elsa-studio-api.md</c>
/// §6.1, §6.5 and the table in §8), sent one at a time over one keep-alive connection with the bodies the Studio sends.
/// Each round picks a random stored instance and sends every endpoint once, so the endpoints share the machine's moments alike.
/// </summary>
internal sealed class PollLatency(HttpClient http, IReadOnlyList<(string Id, string DefinitionId)> instances,
    IReadOnlyDictionary<string, string[]> nodeIdsByDefinition, int listPageSize)
{
    /// <summary>The endpoints, in the order of each round; the first four are the viewer's.</summary>
    public static readonly string[] Endpoints = ["execution_state", "instance", "journal", "report", "list"];

    public static readonly string[] ViewerEndpoints = ["execution_state", "instance", "journal", "report"];

    /// <summary>The journal's first page as the viewer's virtualised list asks for it (contract §6.3).</summary>
    public const string JournalQuery = "?skip=0&take=109";

    /// <summary>Runs <paramref name="warmup"/> rounds that are not kept, then <paramref name="rounds"/> that are. Latencies in ms, per endpoint.</summary>
    public async Task<PollResult> MeasureAsync(int warmup, int rounds, CancellationToken cancellationToken)
    {
        var random = new Random(20261121);
        var samples = Endpoints.ToDictionary(e => e, _ => new List<double>(rounds), StringComparer.Ordinal);
        var errors = Endpoints.ToDictionary(e => e, _ => 0, StringComparer.Ordinal);
        var bytes = Endpoints.ToDictionary(e => e, _ => 0L, StringComparer.Ordinal);
        for (var round = 0; round < warmup + rounds; round++)
        {
            var (id, definitionId) = instances[random.Next(instances.Count)];
            var nodes = nodeIdsByDefinition[definitionId];
            foreach (var endpoint in Endpoints)
            {
                using var request = Request(endpoint, id, nodes);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (round < warmup)
                {
                    continue;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    errors[endpoint]++;
                    continue;
                }

                samples[endpoint].Add(elapsed);
                bytes[endpoint] += body.Length;
            }
        }

        foreach (var list in samples.Values)
        {
            list.Sort();
        }

        return new PollResult(samples, errors, bytes);
    }

    /// <summary>One call as the Studio sends it (contract §6.1, §6.2, §6.3, §6.5, §6.6).</summary>
    private HttpRequestMessage Request(string endpoint, string id, string[] nodes)
    {
        var escaped = Uri.EscapeDataString(id);
        return endpoint switch
        {
            "execution_state" => new HttpRequestMessage(HttpMethod.Get, $"workflow-instances/{escaped}/execution-state"),
            "instance" => new HttpRequestMessage(HttpMethod.Get, $"workflow-instances/{escaped}"),
            "journal" => Post($"workflow-instances/{escaped}/journal{JournalQuery}", new JsonObject
            {
                ["filter"] = new JsonObject
                {
                    ["activityIds"] = null,
                    ["activityNodeIds"] = new JsonArray([.. nodes.Select(n => JsonValue.Create(n))]),
                    ["excludedActivityTypes"] = new JsonArray("Elsa.Workflow", "Elsa.Flowchart"),
                    ["eventNames"] = null,
                },
            }),
            "report" => Post("activity-executions/report", new JsonObject
            {
                ["workflowInstanceId"] = id,
                ["activityNodeIds"] = new JsonArray([.. nodes.Select(n => JsonValue.Create(n))]),
            }),
            "list" => Post("workflow-instances", ListBody(listPageSize)),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
        };
    }

    /// <summary>
    /// The instance list's first page, newest first, no filters: the body Elsa Studio 3.8.2 sends (captured from the list page;
    /// contract §6.1). <c>orderBy</c> null is the server's default, Created; the direction is Descending.
    /// </summary>
    public static JsonObject ListBody(int pageSize) => new()
    {
        ["page"] = 0,
        ["pageSize"] = pageSize,
        ["searchTerm"] = "",
        ["definitionId"] = null,
        ["definitionIds"] = new JsonArray(),
        ["correlationId"] = null,
        ["version"] = null,
        ["hasIncidents"] = null,
        ["isSystem"] = false,
        ["status"] = null,
        ["statuses"] = new JsonArray(),
        ["subStatus"] = null,
        ["subStatuses"] = new JsonArray(),
        ["orderBy"] = null,
        ["orderDirection"] = "Descending",
        ["timestampFilters"] = new JsonArray(),
    };

    private static HttpRequestMessage Post(string path, JsonObject body) => new(HttpMethod.Post, path)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    /// <summary>The nodeIds of a stored definition's top-level activities, as the viewer puts them in its journal and report filters.</summary>
    public static async Task<string[]> TopLevelNodeIdsAsync(HttpClient http, string definitionId, CancellationToken cancellationToken)
    {
        var json = await http.GetStringAsync($"workflow-definitions/by-definition-id/{Uri.EscapeDataString(definitionId)}?versionOptions=Latest", cancellationToken);
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("root").GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("nodeId").GetString()!)];
    }
}

/// <summary>Sorted latencies (ms), non-200 answers and response bytes, per endpoint.</summary>
internal sealed record PollResult(
    IReadOnlyDictionary<string, List<double>> Samples,
    IReadOnlyDictionary<string, int> Errors,
    IReadOnlyDictionary<string, long> Bytes);
