using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Prometei.AppHost.Hosting.Orchestration;
using Prometei.AppHost.Hosting.Processes;

namespace Prometei.AppHost.Hosting.Postgres;

/// <summary>
/// PostgreSQL from the installed server programs: <c>initdb</c> once into the data folder (kept between runs with
/// <c>WithDataVolume</c>, otherwise deleted at stop), <c>pg_ctl start</c> on 127.0.0.1, <c>pg_ctl stop</c> at the end. As
/// root, both run as the <c>postgres</c> user through <c>runuser</c>. TCP logins need the superuser's password (set on every
/// start through the server's own socket, which only that user and root can reach); the log is followed into the dashboard.
/// </summary>
internal sealed partial class InstalledPostgres : IPostgresInstance
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);

    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private readonly string _socketDirectory;
    private readonly string _logFile;
    private readonly bool _keepData;
    private readonly PostgresServerResource _resource;
    private readonly ResourceRuntime _runtime;
    private readonly RunContext _context;
    private LogFileTail? _tail;

    private InstalledPostgres(string binDirectory, PostgresServerResource resource, ResourceRuntime runtime, RunContext context)
    {
        _binDirectory = binDirectory;
        _resource = resource;
        _runtime = runtime;
        _context = context;
        _keepData = resource.KeepsData;
        _dataDirectory = resource.KeepsData
            ? Path.Combine(context.DataDirectory, resource.Name)
            : Path.Combine(context.DataDirectory, $"{resource.Name}-{context.RunId[..8]}");
        _socketDirectory = Path.Combine(context.DataDirectory, $"{resource.Name}-run");
        _logFile = Path.Combine(_socketDirectory, "postgres.log");
        Connection = resource.LocalConnection();
    }

    public string Description => string.Create(
        CultureInfo.InvariantCulture,
        $"installed server ({_binDirectory}) on 127.0.0.1:{_resource.Endpoint.Port}, data in {_dataDirectory}{(_keepData ? "" : " (deleted at stop)")}");

    public NpgsqlConnectionStringBuilder Connection { get; }

    public int? ProcessId => Postmaster();

    public bool CanBeControlled => true;

    public bool? IsRunning => Postmaster() is not null;

    /// <exception cref="PostgresUnavailableException">The programs are missing, or can't run as the postgres user.</exception>
    public static async Task<InstalledPostgres> CreateAsync(
        PostgresServerResource resource, ResourceRuntime runtime, RunContext context, CancellationToken cancellationToken)
    {
        var binDirectory = await PostgresPrograms.LocateAsync(context.Configuration["AppHost:Postgres:BinPath"], cancellationToken);
        if (await SystemUser.CheckRunAsPostgresAsync(cancellationToken) is { } problem)
        {
            throw new PostgresUnavailableException(problem);
        }

        return new InstalledPostgres(binDirectory, resource, runtime, context);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        PrepareFolders();
        await SystemUser.GiveToPostgresAsync(_socketDirectory, cancellationToken);
        if (Postmaster() is not null)
        {
            // Left by an AppHost that died (the data folder lock rules out a live one): it runs on a port nobody knows.
            _runtime.Note("A server left running on this data folder by an earlier run is stopped first.");
            await StopServerAsync(force: false);
        }

        await InitializeAsync(cancellationToken);
        var arguments = string.Create(
            CultureInfo.InvariantCulture,
            $"-p {_resource.Endpoint.Port} -k {Quote(_socketDirectory)} -c listen_addresses=127.0.0.1 -c max_connections=200");
        var result = await RunAsync(
            ["pg_ctl", "-D", _dataDirectory, "-l", _logFile, "-o", arguments, "-w", "-t", "60", "start"], s_startTimeout, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"pg_ctl could not start PostgreSQL on port {_resource.Endpoint.Port}. {result.Describe()}{RootHint()}{Environment.NewLine}{LogTail()}");
        }

        _context.Watchdog.TrackStopCommand(_resource.Name, [.. SystemUser.RunAsPostgres, Program("pg_ctl"), "-D", _dataDirectory, "-m", "fast", "-w", "-t", "30", "stop"]);
        _tail ??= new LogFileTail(_logFile, line => _runtime.Log.Add("postgres", line));
        await SetPasswordAsync(cancellationToken);
    }

    public async Task StopAsync(bool force)
    {
        await StopServerAsync(force);
        _context.Watchdog.Untrack(_resource.Name);
        if (_tail is not null)
        {
            await _tail.DisposeAsync();
            _tail = null;
        }

        if (!_keepData && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private void PrepareFolders()
    {
        if (_tail is null && File.Exists(_logFile))
        {
            // A new run starts a new server log; restarts from the dashboard append to it.
            File.Delete(_logFile);
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_socketDirectory);
            return;
        }

        // The socket admits the superuser without a password: only its owner (and root) may enter this folder.
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(_socketDirectory, ownerOnly);
        File.SetUnixFileMode(_socketDirectory, ownerOnly);
        if (SystemUser.IsRoot)
        {
            // The postgres user must pass through the data folder to reach its own folders in it.
            var mode = File.GetUnixFileMode(_context.DataDirectory);
            File.SetUnixFileMode(_context.DataDirectory, mode | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var versionFile = Path.Combine(_dataDirectory, "PG_VERSION");
        if (File.Exists(versionFile))
        {
            var dataVersion = (await File.ReadAllTextAsync(versionFile, cancellationToken)).Trim();
            var programs = await RunAsync(["pg_ctl", "--version"], TimeSpan.FromSeconds(30), cancellationToken);
            var major = MajorVersion().Match(programs.StandardOutput) is { Success: true } match ? match.Groups[1].Value : null;
            if (major is not null && major != dataVersion)
            {
                throw new InvalidOperationException(
                    $"The data folder {_dataDirectory} holds a PostgreSQL {dataVersion} cluster, but the installed programs ({_binDirectory}) are " +
                    $"PostgreSQL {major}. Install PostgreSQL {dataVersion}, or delete {_dataDirectory} to start with empty databases.");
            }

            return;
        }

        if (Directory.Exists(_dataDirectory) && Directory.EnumerateFileSystemEntries(_dataDirectory).Any())
        {
            throw new InvalidOperationException($"{_dataDirectory} is neither empty nor a PostgreSQL cluster (no PG_VERSION); move it away.");
        }

        Directory.CreateDirectory(_dataDirectory);
        await SystemUser.GiveToPostgresAsync(_dataDirectory, cancellationToken);
        var passwordFile = Path.Combine(_socketDirectory, "initdb-password");
        await File.WriteAllTextAsync(passwordFile, _resource.Password.Value, cancellationToken);
        try
        {
            await SystemUser.GiveToPostgresAsync(passwordFile, cancellationToken);
            _runtime.Note($"Creating a PostgreSQL cluster in {_dataDirectory} (initdb)");
            var result = await RunAsync(
                [
                    "initdb", "-D", _dataDirectory, "-U", PostgresServerResource.UserName, "--pwfile", passwordFile,
                    "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C",
                ],
                TimeSpan.FromMinutes(3),
                cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("initdb failed. " + result.Describe() + RootHint());
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private async Task SetPasswordAsync(CancellationToken cancellationToken)
    {
        // The socket admits the superuser without a password (local trust, in a folder only postgres and root can enter), so
        // the kept password holds even if parameters.json was replaced after initdb.
        var socket = new NpgsqlConnectionStringBuilder
        {
            Host = _socketDirectory,
            Port = _resource.Endpoint.Port,
            Username = PostgresServerResource.UserName,
            Database = "postgres",
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(socket.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var literal = "'" + _resource.Password.Value.Replace("'", "''", StringComparison.Ordinal) + "'";
        await using var command = new NpgsqlCommand($"ALTER ROLE {PostgresServerResource.UserName} PASSWORD {literal}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task StopServerAsync(bool force)
    {
        if (Postmaster() is null)
        {
            return;
        }

        var result = await RunAsync(
            ["pg_ctl", "-D", _dataDirectory, "-m", force ? "immediate" : "fast", "-w", "-t", "30", "stop"], TimeSpan.FromSeconds(60), CancellationToken.None);
        if (Postmaster() is int pid)
        {
            _runtime.Note($"pg_ctl stop did not stop the postmaster ({result.Describe()}); killing it.");
            ProcessSignals.Send(pid, ownGroup: false, NativeMethods.SigKill);
        }
    }

    /// <summary>The postmaster's pid per <c>postmaster.pid</c>, when that process is alive and is postgres.</summary>
    private int? Postmaster()
    {
        try
        {
            using var reader = new StreamReader(new FileStream(
                Path.Combine(_dataDirectory, "postmaster.pid"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            return int.TryParse(reader.ReadLine(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
                && ProcessSignals.IsAlive(pid)
                && ProcessSignals.CommandLineOf(pid)?.Contains("postgres", StringComparison.Ordinal) == true
                    ? pid
                    : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private Task<CommandResult> RunAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken) =>
        Command.RunAsync(
            [.. SystemUser.RunAsPostgres, Program(command[0]), .. command.Skip(1)],
            timeout,
            cancellationToken,
            _socketDirectory,
            new Dictionary<string, string> { [RunContext.RunIdVariable] = _context.RunId });

    private string Program(string name) => Path.Combine(_binDirectory, name);

    private string RootHint() => SystemUser.IsRoot
        ? $" (As root, PostgreSQL runs as the postgres user, who must be able to reach {_dataDirectory} through every folder above it.)"
        : "";

    private string LogTail()
    {
        try
        {
            var lines = File.ReadAllLines(_logFile);
            return "Server log:" + Environment.NewLine + string.Join(Environment.NewLine, lines.TakeLast(20));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)")]
    private static partial Regex MajorVersion();
}
