using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;
using Prometei.Workflows.Persistence;

namespace Prometei.EndToEndTests;

/// <summary>Workflow files shipped in a folder are imported and published at startup when newer than the database.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class DefinitionImportTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ShippedFile_ImportedOnce_StudioEditKept_HigherFileVersionWins()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("shipped", version: 1).HttpEndpoint("start", "shipped/v1", "POST").Build());

        await using (var app = Host(harness))
        {
            var store = app.Services.GetRequiredService<DefinitionStore>();
            var published = await store.GetAsync("shipped", VersionSelector.Published);
            Assert.Equal(1, published!.Version);
            using var http = app.CreateClient();
            Assert.True((await http.PostAsync("/workflows/shipped/v1", null)).IsSuccessStatusCode);

            // An operator edits the workflow in the Studio: a new draft version.
            await store.SaveAsync(published.Data, publish: false, triggers: null);
        }

        await using (var app = Host(harness))
        {
            var versions = await app.Services.GetRequiredService<DefinitionStore>().ListVersionsAsync("shipped");
            Assert.Equal([1, 2], versions.Select(v => v.Version));   // the same file again changes nothing
            Assert.True(versions[1].IsLatest);
        }

        harness.AddDefinition(Flow.Create("shipped", version: 3).HttpEndpoint("start", "shipped/v3", "POST").Build());
        await using (var app = Host(harness))
        {
            var store = app.Services.GetRequiredService<DefinitionStore>();
            var published = await store.GetAsync("shipped", VersionSelector.Published);
            Assert.Equal(3, published!.Version);
            Assert.True(published.IsLatest);
            using var http = app.CreateClient();
            Assert.True((await http.PostAsync("/workflows/shipped/v3", null)).IsSuccessStatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.PostAsync("/workflows/shipped/v1", null)).StatusCode);
        }

        await using (var app = Host(harness))
        {
            Assert.Equal(3, (await app.Services.GetRequiredService<DefinitionStore>().ListVersionsAsync("shipped")).Count);
        }
    }

    private static WebApplicationFactory<Program> Host(WorkflowServerHarness harness)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:workflows", harness.ConnectionString);
            builder.UseSetting("Workflows:DefinitionsPath", harness.DefinitionsFolder);
            builder.UseSetting("Workflows:NodeId", "in-process");
        });
        _ = factory.Server; // start the host: the import runs before it serves
        return factory;
    }
}
