using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>
/// Mutated definitions from the compatibility corpus (values of wrong JSON kinds, missing and extra members, deep nesting,
/// huge strings) sent to import, save and publish: never a 5xx, and every 400 says what is wrong. The count is
/// <c>PROMETEI_FUZZ_COUNT</c> (10,000 by default); the seed is printed so a failure can be replayed (<c>PROMETEI_FUZZ_SEED</c>).
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class DefinitionFuzzTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private ElsaApiServer _server = default!;

    public async Task InitializeAsync() => _server = await ElsaApiServer.StartAsync(postgres.Server);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task MutatedDefinitions_NeverGet5xx_AndEvery400NamesAProblem()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("PROMETEI_FUZZ_COUNT"), CultureInfo.InvariantCulture, out var c) ? c : 10_000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PROMETEI_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Environment.TickCount;
        var random = new Random(seed);
        var corpus = Directory.GetFiles(ElsaCompatibilityTests.CorpusFolder, "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "expected.json")
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject())
            .ToList();
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < count; i++)
        {
            var definition = (JsonObject)corpus[random.Next(corpus.Count)].DeepClone();
            definition["definitionId"] = $"fuzz-{i % 200}";
            var mutations = 1 + random.Next(3);
            for (var m = 0; m < mutations; m++)
            {
                Mutate(definition, random);
            }

            var (path, body) = (i % 3) switch
            {
                0 => ("workflow-definitions/import", definition.ToJsonString()),
                1 => ("workflow-definitions", new JsonObject { ["model"] = definition, ["publish"] = false }.ToJsonString()),
                _ => ("workflow-definitions", new JsonObject { ["model"] = definition, ["publish"] = true }.ToJsonString()),
            };
            using var response = await _server.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"seed {seed}, case {i}: POST {path} answered {status} {text}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                var errors = JsonNode.Parse(text)!["errors"]!["generalErrors"]!.AsArray();
                Assert.True(errors.Count > 0 && errors.All(e => !string.IsNullOrWhiteSpace(e!.GetValue<string>())), $"seed {seed}, case {i}: {text}");
            }
        }

        var summary = $"fuzz_cases={count} seed={seed} statuses={string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}:{p.Value}"))}";
        output.WriteLine(summary);
        Console.WriteLine(summary);
    }

    private static void Mutate(JsonObject definition, Random random)
    {
        var objects = new List<JsonObject>();
        Collect(definition, objects, 0);
        var target = objects[random.Next(objects.Count)];
        var keys = target.Select(p => p.Key).ToList();
        var key = keys.Count > 0 && random.Next(4) > 0 ? keys[random.Next(keys.Count)] : "extra" + random.Next(1000).ToString(CultureInfo.InvariantCulture);
        switch (random.Next(8))
        {
            case 0:
                target.Remove(key);
                break;
            case 1:
                target[key] = random.Next(int.MinValue, int.MaxValue);
                break;
            case 2:
                target[key] = new string('x', random.Next(1, 200_000));
                break;
            case 3:
                target[key] = new JsonArray(1, "two", null, new JsonObject());
                break;
            case 4:
                target[key] = new JsonObject { ["id"] = 5, ["type"] = true, ["version"] = "one" };
                break;
            case 5:
                target[key] = null;
                break;
            case 6:
                target[key] = Deep(random.Next(10, 60));
                break;
            default:
                target[key] = random.Next(2) == 0;
                break;
        }
    }

    private static JsonNode Deep(int depth)
    {
        JsonNode node = new JsonObject { ["type"] = "Elsa.WriteLine", ["id"] = "deep0", ["version"] = 1 };
        for (var i = 1; i < depth; i++)
        {
            node = new JsonObject { ["type"] = "Elsa.Flowchart", ["id"] = $"deep{i}", ["version"] = 1, ["activities"] = new JsonArray(node) };
        }

        return node;
    }

    private static void Collect(JsonNode? node, List<JsonObject> objects, int depth)
    {
        if (depth > 40)
        {
            return;
        }

        switch (node)
        {
            case JsonObject o:
                objects.Add(o);
                foreach (var (_, child) in o)
                {
                    Collect(child, objects, depth + 1);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, objects, depth + 1);
                }

                break;
        }
    }
}
