using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Prometei.Testing;

/// <summary>
/// A PostgreSQL server of its own, started from the installed binaries: <c>initdb</c> into a temporary folder, then
/// <c>pg_ctl start</c> on a free 127.0.0.1 port with trust authentication for the <c>postgres</c> user. When this process
/// runs as root, both run as the <c>postgres</c> system user through <c>runuser</c>.
/// </summary>
/// <remarks>
/// Disposing stops the server and deletes the temporary folder. So that no server outlives the process, a server still
/// running at process exit is stopped then; a watchdog stops it when the process is killed; and <see cref="StartAsync"/>
/// first stops and deletes whatever earlier processes left behind anyway.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The database superuser initdb creates; <see cref="ConnectionString"/> logs in as this role, without a password.</summary>
    public const string SuperUser = "postgres";

    private const int PortAttempts = 5;
    private const int LogTailLines = 60;

    private static readonly TimeSpan s_initdbTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan s_toolGrace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_processExitStopTimeout = TimeSpan.FromSeconds(5);

    private readonly PostgresServerOptions _options;
    private readonly PostgresTools _tools;
    private readonly bool _temporaryData;
    private readonly bool _keepData;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgresWatchdog? _watchdog;
    private bool _stopped;

    private PostgresServer(PostgresServerOptions options, PostgresTools tools, string workFolder)
    {
        _options = options;
        _tools = tools;
        _temporaryData = options.DataDirectory is null;
        _keepData = options.KeepData ?? !_temporaryData;
        WorkFolder = workFolder;
        DataDirectory = options.DataDirectory is null ? Path.Combine(workFolder, "data") : Path.GetFullPath(options.DataDirectory);
        SocketDirectory = Path.Combine(workFolder, "sock");
        LogFile = Path.Combine(workFolder, "postgres.log");
    }

    /// <summary>The folder with initdb, pg_ctl and postgres that this server runs from.</summary>
    public string BinDirectory => _tools.BinDirectory;

    /// <summary>The cluster's data folder (inside <see cref="WorkFolder"/> unless one was passed in the options).</summary>
    public string DataDirectory { get; }

    /// <summary>The temporary folder with the Unix socket, the server log and, by default, the data.</summary>
    public string WorkFolder { get; }

    /// <summary>Where the server's Unix socket lives (<c>-k</c>).</summary>
    public string SocketDirectory { get; }

    /// <summary>The server's log file (<c>pg_ctl -l</c>).</summary>
    public string LogFile { get; }

    /// <summary>The TCP port the server listens on, on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>Whether the server's postmaster process is running (per <c>postmaster.pid</c>).</summary>
    public bool IsRunning => PostgresTools.FindPostmaster(DataDirectory) is not null;

    /// <summary>Starts a server; see <see cref="PostgresServerOptions"/> for the choices.</summary>
    /// <exception cref="InvalidOperationException">
    /// The binaries are missing (the message says how to install them), or initdb or pg_ctl failed (the message holds
    /// their output and the tail of the server log).
    /// </exception>
    public static async Task<PostgresServer> StartAsync(PostgresServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PostgresServerOptions();
        var binDirectory = await PostgresBinaries.LocateAsync(options.BinDirectory, cancellationToken);
        var runAsPostgres = await SystemUser.IsRootAsync(cancellationToken);
        if (runAsPostgres)
        {
            await SystemUser.EnsureCanRunAsPostgresAsync(cancellationToken);
        }

        var tools = new PostgresTools(binDirectory, runAsPostgres);
        // Root's temp folder may sit under a path the postgres user can't traverse; /tmp is open to everyone.
        var tempRoot = runAsPostgres ? "/tmp" : Path.GetTempPath();
        await PostgresWorkFolders.StopOrphansAsync(tempRoot, tools, message => options.Log?.Invoke(message));

        var server = new PostgresServer(options, tools, PostgresWorkFolders.Create(tempRoot));
        try
        {
            await server.InitializeAsync(cancellationToken);
            await server.StartServerAsync(options.Port, cancellationToken);
        }
        catch
        {
            await server.CleanUpAfterFailedStartAsync();
            throw;
        }

        AppDomain.CurrentDomain.ProcessExit += server.OnProcessExit;
        server._watchdog = PostgresWatchdog.Start(
            tools,
            server.DataDirectory,
            server.WorkFolder,
            deleteWorkFolder: !(server._keepData && server._temporaryData),
            deleteData: !server._keepData && !server._temporaryData,
            server.Log);
        return server;
    }

    /// <summary>A connection string for <paramref name="database"/>: user postgres, host 127.0.0.1, this server's port.</summary>
    public string ConnectionString(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Database = database,
            IncludeErrorDetail = true,
        }.ConnectionString;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    /// <param name="name">The database name; a unique <c>test_…</c> name when null.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        name ??= "test_" + Guid.NewGuid().ToString("N");
        if (name.Length is 0 or > 63)
        {
            throw new ArgumentException($"A PostgreSQL database name has 1 to 63 characters; '{name}' has {name.Length}.", nameof(name));
        }

        // No pool: a pooled admin connection would break across RestartAsync and isn't worth keeping for a rare command.
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("CREATE DATABASE " + QuoteIdentifier(name), connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>
    /// Stops the server (fast shutdown, immediate after <see cref="PostgresServerOptions.StopTimeout"/>) and starts it
    /// again on the same port and data. Pooled connections made from connection strings are cleared, since the old ones
    /// are dead; an <see cref="NpgsqlDataSource"/> of your own needs the same.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            await EnsureStoppedAsync(_options.StopTimeout);
            NpgsqlConnection.ClearAllPools();
            await StartServerAsync(Port, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Takes the server down for a while (an outage): a fast shutdown (every connection dropped), immediate after
    /// <see cref="PostgresServerOptions.StopTimeout"/>, keeping its data, folders and port, until <see cref="StartAgainAsync"/>.
    /// Pooled connections made from connection strings in this process are cleared; other processes find theirs dead.
    /// </summary>
    public async Task ShutDownAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            await EnsureStoppedAsync(_options.StopTimeout);
            NpgsqlConnection.ClearAllPools();
            Log($"Shut PostgreSQL down on port {Port}; its data stays in {DataDirectory}");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts a server taken down by <see cref="ShutDownAsync"/> again, on the same port and data.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (!IsRunning)
            {
                await StartServerAsync(Port, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops the server (fast shutdown, immediate after <see cref="PostgresServerOptions.StopTimeout"/>) and deletes the
    /// temporary folder, and the data unless it is kept. Calling it again does nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server could not be stopped.</exception>
    public Task StopAsync() => StopCoreAsync(_options.StopTimeout);

    /// <inheritdoc cref="StopAsync()"/>
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopCoreAsync(TimeSpan fastTimeout)
    {
        await _gate.WaitAsync();
        try
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            _watchdog?.Dispose();
            await EnsureStoppedAsync(fastTimeout);
            DeleteFolders();
            Log($"Stopped PostgreSQL on port {Port}" + (_keepData ? $"; kept the data in {DataDirectory}" : ""));
        }
        finally
        {
            _gate.Release();
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // The process is exiting without having disposed this server (a return from Main, Environment.Exit).
        try
        {
            Task.Run(() => StopCoreAsync(s_processExitStopTimeout)).Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException ex)
        {
            Console.Error.WriteLine($"Could not stop the PostgreSQL server in {DataDirectory} at process exit: {ex.InnerException?.Message}");
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(SocketDirectory);
        if (!_temporaryData)
        {
            await PostgresWorkFolders.RecordDataDirectoryAsync(WorkFolder, DataDirectory, cancellationToken);
        }

        var initialized = File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));
        var createData = !initialized && !_temporaryData;
        if (createData)
        {
            if (Directory.Exists(DataDirectory) && Directory.EnumerateFileSystemEntries(DataDirectory).Any())
            {
                throw new InvalidOperationException(
                    $"The data folder '{DataDirectory}' is neither empty nor a PostgreSQL cluster (it has no PG_VERSION).");
            }

            Directory.CreateDirectory(DataDirectory);
        }

        if (_tools.RunAsPostgres)
        {
            await SystemUser.GiveToPostgresAsync(WorkFolder, recursive: true, cancellationToken);
            if (createData)
            {
                await SystemUser.GiveToPostgresAsync(DataDirectory, recursive: false, cancellationToken);
            }
        }

        if (initialized)
        {
            Log($"Reusing the PostgreSQL cluster in {DataDirectory}");
            return;
        }

        var result = await _tools.RunAsync(
            "initdb",
            ["-D", DataDirectory, "-U", SuperUser, "--auth-local=trust", "--auth-host=trust", "-E", "UTF8", "--locale=C"],
            WorkFolder,
            s_initdbTimeout,
            cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("initdb failed. " + result.Describe() + RootHint());
        }
    }

    private async Task StartServerAsync(int? fixedPort, CancellationToken cancellationToken)
    {
        var waitSeconds = Math.Max(1, (int)Math.Ceiling(_options.StartTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        for (var attempt = 1; ; attempt++)
        {
            var port = fixedPort ?? FindFreePort();
            var logOffset = LogLength();
            ProcessResult result;
            try
            {
                result = await _tools.RunAsync(
                    "pg_ctl",
                    ["-D", DataDirectory, "-l", LogFile, "-o", ServerArguments(port), "-w", "-t", waitSeconds, "start"],
                    WorkFolder,
                    _options.StartTimeout + s_toolGrace,
                    cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                await TryStopStartedServerAsync();
                throw;
            }

            if (result.Succeeded)
            {
                Port = port;
                Log($"Started PostgreSQL on 127.0.0.1:{port}, data in {DataDirectory}");
                return;
            }

            var log = ReadLog(logOffset);
            if (result.StandardOutput.Contains("did not start in time", StringComparison.Ordinal))
            {
                // Still starting up: it must not outlive this failure. (Any other failure left no server of ours running;
                // "lock file exists" means someone else's, which is not ours to stop.)
                await TryStopStartedServerAsync();
            }

            if (fixedPort is null && attempt < PortAttempts && IsPortTaken(log))
            {
                Log($"Port {port} was taken before PostgreSQL could bind it; trying another (attempt {attempt + 1} of {PortAttempts})");
                continue;
            }

            throw new InvalidOperationException(
                $"pg_ctl could not start PostgreSQL on 127.0.0.1:{port}. {result.Describe()}{RootHint()}" +
                $"{Environment.NewLine}Last lines of the server log {LogFile}:{Environment.NewLine}{log}");
        }
    }

    private string ServerArguments(int port)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["listen_addresses"] = "127.0.0.1",
            ["fsync"] = "on",
            ["max_connections"] = "300",
            ["shared_buffers"] = "128MB",
        };
        foreach (var (name, value) in _options.Settings)
        {
            settings[name] = value;
        }

        // pg_ctl hands these to /bin/sh, hence the quoting.
        var arguments = new StringBuilder();
        arguments.Append(CultureInfo.InvariantCulture, $"-p {port} -k {ShellQuote(SocketDirectory)}");
        foreach (var (name, value) in settings)
        {
            arguments.Append(" -c ").Append(ShellQuote(name + "=" + value));
        }

        return arguments.ToString();
    }

    private async Task EnsureStoppedAsync(TimeSpan fastTimeout)
    {
        if (await _tools.StopPostmasterAsync(DataDirectory, WorkFolder, fastTimeout) is { } failure)
        {
            throw new InvalidOperationException(
                $"Could not stop PostgreSQL (data in {DataDirectory}). {failure}{Environment.NewLine}" +
                $"Last lines of the server log {LogFile}:{Environment.NewLine}{ReadLog(0)}");
        }
    }

    private async Task TryStopStartedServerAsync()
    {
        if (await _tools.StopPostmasterAsync(DataDirectory, WorkFolder, TimeSpan.FromSeconds(5)) is { } failure)
        {
            Log(failure);
        }
    }

    private async Task CleanUpAfterFailedStartAsync()
    {
        _stopped = true;
        await TryStopStartedServerAsync();
        DeleteFolders();
    }

    private void DeleteFolders()
    {
        if (_keepData && _temporaryData)
        {
            // The work folder holds the data: keep it.
            PostgresWorkFolders.Disown(WorkFolder);
            return;
        }

        PostgresWorkFolders.Delete(WorkFolder);
        if (!_keepData && !_temporaryData)
        {
            PostgresWorkFolders.Delete(DataDirectory);
        }
    }

    private static int FindFreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static bool IsPortTaken(string log) =>
        log.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
        || log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase);

    private long LogLength()
    {
        var file = new FileInfo(LogFile);
        return file.Exists ? file.Length : 0;
    }

    /// <summary>The last lines of the server log written after <paramref name="offset"/>.</summary>
    private string ReadLog(long offset)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n');
            return string.Join('\n', lines.TakeLast(LogTailLines)).TrimEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"(no server log: {ex.Message})";
        }
    }

    private string RootHint() => _tools.RunAsPostgres
        ? $"{Environment.NewLine}(Running as root: the tools ran as the postgres user, who must be able to reach {DataDirectory} and every folder above it.)"
        : "";

    private void Log(string message) => _options.Log?.Invoke(message);

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
