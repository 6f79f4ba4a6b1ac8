using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests.Support;

/// <summary>
/// One test's world: a new database on the fixture's PostgreSQL, the vendor fakes, a fake Telegram, an SMTP sink and
/// Prometei.Api configured against them (in-process, or as processes with <see cref="StartProcessAsync"/>).
/// </summary>
public sealed class ApiHarness : IAsyncDisposable
{
    public const string InternalKey = "test-internal-key-0123456789";
    public const string AdminPassword = "test-admin-password-4242";
    public const string TelegramBotToken = "123456789:test-telegram-bot-token-secret";
    public const string TelegramChatId = "-100777";
    public const string SmtpPassword = "test-smtp-password-secret";
    public const long SeedLeadId = AmoCrmSeedIds.SeedLeadId;

    private readonly List<ServiceProcess> _processes = [];
    private readonly List<HttpClient> _clients = [];
    private GatewayFactory? _factory;

    private ApiHarness(FakeVendorsServer fakes, FakeTelegram telegram, SmtpSink smtp, string connectionString, string keysPath)
    {
        Fakes = fakes;
        Telegram = telegram;
        Smtp = smtp;
        ConnectionString = connectionString;
        KeysPath = keysPath;
    }

    public FakeVendorsServer Fakes { get; }

    public FakesControlClient Control => Fakes.Control;

    public FakeTelegram Telegram { get; }

    public SmtpSink Smtp { get; }

    public string ConnectionString { get; }

    public string KeysPath { get; }

    public LogSink Logs { get; } = new();

    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);

    public AmoCrmTokenPair? SeededTokens { get; private set; }

    /// <summary>The in-process Api's clock when the test set one (<see cref="HarnessOptions.Clock"/>).</summary>
    public TimeProvider? Clock { get; private set; }

    public GatewayFactory Factory => _factory ??= new GatewayFactory(Settings, Logs, Clock);

    /// <summary>The in-process Api with the internal API key.</summary>
    public HttpClient Api => _api ??= Client(http => http.DefaultRequestHeaders.Add("X-Api-Key", InternalKey));

    /// <summary>The in-process Api with the operations credentials.</summary>
    public HttpClient Admin => _admin ??= Client(http => http.DefaultRequestHeaders.Authorization = BasicAdmin());

    /// <summary>The in-process Api with the operations credentials, not following redirects.</summary>
    public HttpClient AdminNoRedirect => _adminNoRedirect ??= Track(CreateNoRedirect());

    /// <summary>The in-process Api without credentials.</summary>
    public HttpClient Anonymous => _anonymous ??= Client(_ => { });

    /// <summary>Everything secret this world knows, for the log greps (tokens added as they are issued).</summary>
    public List<string> Secrets { get; } = [];

    private HttpClient? _api;
    private HttpClient? _admin;
    private HttpClient? _anonymous;
    private HttpClient? _adminNoRedirect;

    public static async Task<ApiHarness> StartAsync(PostgresFixture postgres, Action<HarnessOptions>? configure = null)
    {
        var options = new HarnessOptions();
        configure?.Invoke(options);
        var fakes = await FakeVendors.StartAsync(new FakeVendorsOptions { Seed = 7, TimeProvider = options.VendorClock ?? TimeProvider.System });
        var telegram = await FakeTelegram.StartAsync();
        var smtp = new SmtpSink();
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        var keysPath = Path.Combine(Path.GetTempPath(), "prometei-api-keys-" + Guid.NewGuid().ToString("N"));
        var harness = new ApiHarness(fakes, telegram, smtp, connectionString, keysPath) { Clock = options.Clock };
        var o = fakes.Options;
        var s = harness.Settings;
        s["ConnectionStrings:integration"] = connectionString;
        s["DataProtection:KeysPath"] = keysPath;
        s["AMO_BASE_URL"] = fakes.AmoCrmBaseUrl.AbsoluteUri;
        s["AMOCRM_CLIENT_ID"] = o.AmoCrm.ClientId;
        s["AMOCRM_CLIENT_SECRET"] = o.AmoCrm.ClientSecret;
        s["AMOCRM_REDIRECT_URI"] = o.AmoCrm.RedirectUri;
        s["AMO_PIPELINE_ID"] = AmoCrmSeedIds.KaspiPipelineId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        s["AMO_STATUS_ID"] = AmoCrmSeedIds.NewOrderStatusId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        s["AMO_RPS"] = "7";
        s["KASPI_BASE_URL"] = fakes.KaspiBaseUrl.AbsoluteUri;
        s["KASPI_API_TOKEN"] = o.Kaspi.ApiToken;
        s["CRM_API_URL"] = fakes.ErpBaseUrl.AbsoluteUri;
        s["CRM_API_KEY"] = o.Erp.ApiKey;
        s["CRM_API_USERNAME"] = o.Erp.Username;
        s["CRM_API_PASSWORD"] = o.Erp.Password;
        s["API_INTERNAL_KEY"] = InternalKey;
        s["ADMIN_BASIC_PASS"] = AdminPassword;
        s["DRY_RUN"] = options.DryRun ? "true" : "false";
        s["ALERT_TELEGRAM_BOT_TOKEN"] = TelegramBotToken;
        s["ALERT_TELEGRAM_CHAT_ID"] = TelegramChatId;
        s["ALERT_TELEGRAM_API_URL"] = telegram.BaseUrl.AbsoluteUri;
        if (options.Email)
        {
            s["ALERT_EMAIL_TO"] = "ops@prometei.test";
            s["ALERT_EMAIL_FROM"] = "prometei@prometei.test";
            s["ALERT_EMAIL_SMTP_HOST"] = "127.0.0.1";
            s["ALERT_EMAIL_SMTP_PORT"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            s["ALERT_EMAIL_SMTP_SSL"] = "false";
            s["ALERT_EMAIL_SMTP_USER"] = "prometei";
            s["ALERT_EMAIL_SMTP_PASSWORD"] = SmtpPassword;
        }

        s["Api:MaintenanceInterval"] = "00:00:01";
        if (options.SeedTokens)
        {
            var pair = await fakes.Control.IssueTokensAsync();
            harness.SeededTokens = pair;
            s["AMO_ACCESS_TOKEN"] = pair.AccessToken;
            s["AMO_REFRESH_TOKEN"] = pair.RefreshToken;
        }

        foreach (var (key, value) in options.Settings)
        {
            s[key] = value;
        }

        harness.Secrets.AddRange([
            o.AmoCrm.ClientSecret, o.Kaspi.ApiToken, o.Erp.ApiKey!, o.Erp.Password!, InternalKey, AdminPassword, TelegramBotToken, SmtpPassword,
            o.AmoCrm.AuthorizationCode!]);
        if (harness.SeededTokens is { } seeded)
        {
            harness.Secrets.AddRange([seeded.AccessToken, seeded.RefreshToken]);
        }

        return harness;
    }

    public static AuthenticationHeaderValue BasicAdmin(string password = AdminPassword) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + password)));

    /// <summary>The settings as environment variables (<c>Section__Key</c>).</summary>
    public Dictionary<string, string?> Environment() =>
        Settings.ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value, StringComparer.Ordinal);

    /// <summary>Starts Prometei.Api as a real process from its build output, on this world's database and fakes.</summary>
    public async Task<ServiceProcess> StartProcessAsync(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var environment = Environment();
        environment["Logging__LogLevel__Default"] = "Debug";
        environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Information";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var process = await ServiceProcess.StartAsync("Prometei.Api", environment, readyPath: "/alive", timeout: TimeSpan.FromSeconds(90));
        _processes.Add(process);
        return process;
    }

    public HttpClient ProcessClient(ServiceProcess process, bool admin = false)
    {
        var http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        if (admin)
        {
            http.DefaultRequestHeaders.Authorization = BasicAdmin();
        }
        else
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", InternalKey);
        }

        _clients.Add(http);
        return http;
    }

    /// <summary>The stored amoCRM tokens, decrypted with the key ring: proves they are encrypted and lets greps look for them.</summary>
    public async Task<(string? Access, string? Refresh, long Generation, string State)> StoredTokensAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT access_token, refresh_token, generation, state FROM amocrm_connection WHERE id = 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return (null, null, 0, "none");
        }

        var protector = DataProtectionProvider.Create(new DirectoryInfo(KeysPath), b => b.SetApplicationName("Prometei.Api"))
            .CreateProtector("Prometei.Api.AmoCrmTokens.v1");
        string? Open(int i) => reader.IsDBNull(i) ? null : protector.Unprotect(reader.GetString(i));
        return (Open(0), Open(1), reader.GetInt64(2), reader.GetString(3));
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var process in _processes)
        {
            await process.StopAsync(TimeSpan.FromSeconds(10));
            await process.DisposeAsync();
        }

        _api?.Dispose();
        _admin?.Dispose();
        _anonymous?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        await Telegram.DisposeAsync();
        await Fakes.DisposeAsync();
        try
        {
            Directory.Delete(KeysPath, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private HttpClient CreateNoRedirect()
    {
        var http = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Authorization = BasicAdmin();
        return http;
    }

    private HttpClient Track(HttpClient http)
    {
        _clients.Add(http);
        return http;
    }

    private HttpClient Client(Action<HttpClient> configure)
    {
        var http = Factory.CreateClient();
        http.Timeout = TimeSpan.FromMinutes(3);
        configure(http);
        return http;
    }
}
