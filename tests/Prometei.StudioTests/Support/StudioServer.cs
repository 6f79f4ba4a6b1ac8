using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using Prometei.Testing;

namespace Prometei.StudioTests.Support;

/// <summary>
/// A Prometei.Workflows process with the Studio enabled, its own database, and the seeded workflows of <c>Workflows/*.json</c>
/// imported (and published) at startup.
/// </summary>
public sealed partial class StudioServer : IAsyncDisposable
{
    public const string UserName = "operator";
    public const string Password = "studio-test-password";

    private readonly ServiceProcess _process;
    private readonly string _definitionsFolder;

    private StudioServer(ServiceProcess process, string connectionString, string definitionsFolder)
    {
        _process = process;
        _definitionsFolder = definitionsFolder;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The server's root, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress => _process.BaseAddress;

    /// <summary><c>{BaseAddress}studio/</c>.</summary>
    public Uri StudioAddress => new(BaseAddress, "studio/");

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public string Output => _process.Output;

    /// <summary>
    /// Starts the server. <paramref name="placeholders"/> fills <c>{{Name}}</c> in the seeded files (for example the URL of a
    /// <see cref="FlakyEndpoint"/>); <paramref name="settings"/> adds environment variables.
    /// </summary>
    public static async Task<StudioServer> StartAsync(
        PostgresServer postgres,
        IReadOnlyDictionary<string, string>? placeholders = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("prometei-studio-definitions-").FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Workflows"), "*.json"))
        {
            var text = await File.ReadAllTextAsync(file);
            foreach (var (name, value) in placeholders ?? new Dictionary<string, string>())
            {
                text = text.Replace("{{" + name + "}}", value, StringComparison.Ordinal);
            }

            await File.WriteAllTextAsync(Path.Combine(folder, Path.GetFileName(file)), text);
        }

        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__workflows"] = connectionString,
            ["Workflows__DefinitionsPath"] = folder,
            ["Workflows__PollInterval"] = "00:00:00.200",
            ["Studio__Operator__UserName"] = UserName,
            ["Studio__Operator__Password"] = Password,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var process = await ServiceProcess.StartAsync("Prometei.Workflows", environment);
        return new StudioServer(process, connectionString, folder);
    }

    /// <summary>Sends a request to one of the server's HTTP triggers (<c>/workflows/{path}</c>).</summary>
    public async Task<HttpResponseMessage> PostTriggerAsync(string path, HttpContent? content = null)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        return await http.PostAsync($"workflows/{path}", content);
    }

    public async Task<JsonObject?> LatestDefinitionAsync(string definitionId)
    {
        await using var cmd = DataSource.CreateCommand("SELECT data::text FROM workflow_definitions WHERE definition_id = $1 AND is_latest");
        cmd.Parameters.Add(new NpgsqlParameter { Value = definitionId });
        return await cmd.ExecuteScalarAsync() is string json ? JsonNode.Parse(json)!.AsObject() : null;
    }

    public async Task<List<(string DefinitionId, string? Name, int Version, bool IsPublished)>> DefinitionsAsync()
    {
        await using var cmd = DataSource.CreateCommand(
            "SELECT definition_id, name, version, is_published FROM workflow_definitions WHERE is_latest ORDER BY created_at");
        var rows = new List<(string, string?, int, bool)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(3)));
        }

        return rows;
    }

    public async Task<List<(string Id, string DefinitionId, string Status, string SubStatus, string? ReplayOf)>> InstancesAsync(string? definitionId = null)
    {
        await using var cmd = DataSource.CreateCommand(
            "SELECT id, definition_id, status, sub_status, replay_of FROM workflow_instances WHERE $1::text IS NULL OR definition_id = $1 ORDER BY created_at");
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)definitionId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var rows = new List<(string, string, string, string, string?)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }

    /// <summary>Posts our sign-in form the way a browser does: the form's antiforgery token, with the cookies of the GET.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient http, string userName, string password)
    {
        var form = await http.GetStringAsync("studio/signin");
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, "The sign-in page has no antiforgery field.");
        return await http.PostAsync("studio/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = "/studio/",
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value),
        }));
    }

    /// <summary>
    /// Runs a workflow through <c>/elsa/api</c> the way the Studio does, with the bearer token our token endpoint gives a signed-in
    /// operator; returns the new instance's id.
    /// </summary>
    public async Task<string> ExecuteAsync(string definitionId)
    {
        using var http = Client(new CookieContainer());
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(http, UserName, Password)).StatusCode);
        var token = (await http.GetFromJsonAsync<JsonObject>("studio/api/token"))!["accessToken"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"elsa/api/workflow-definitions/{definitionId}/execute")
        {
            Content = JsonContent.Create(new { versionOptions = "Latest" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
    }

    /// <summary>A client that does not follow redirects and keeps no cookies unless given a container.</summary>
    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = BaseAddress,
        };

    [GeneratedRegex("""name="(__RequestVerificationToken)" value="([^"]+)" """)]
    private static partial Regex AntiforgeryField();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        await DataSource.DisposeAsync();
        try
        {
            Directory.Delete(_definitionsFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
