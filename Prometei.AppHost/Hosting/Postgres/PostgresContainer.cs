using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Prometei.AppHost.Hosting.Orchestration;
using Prometei.AppHost.Hosting.Processes;

namespace Prometei.AppHost.Hosting.Postgres;

/// <summary>
/// PostgreSQL in a container (<c>postgres:16</c>, or <c>AppHost:Postgres:Image</c>), as Aspire's AddPostgres runs it: port
/// 5432 published on 127.0.0.1, the superuser's password from the parameter, the data in a named volume with
/// <c>WithDataVolume</c>. Used when <c>docker info</c> answers; its output is followed with <c>docker logs -f</c>.
/// </summary>
internal sealed class PostgresContainer : IPostgresInstance
{
    private readonly PostgresServerResource _resource;
    private readonly ResourceRuntime _runtime;
    private readonly RunContext _context;
    private readonly string _image;
    private readonly string _containerName;
    private readonly string? _volume;
    private Process? _logs;

    private PostgresContainer(PostgresServerResource resource, ResourceRuntime runtime, RunContext context)
    {
        _resource = resource;
        _runtime = runtime;
        _context = context;
        _image = context.Configuration["AppHost:Postgres:Image"] ?? "postgres:16";
        // Named after the data folder, so two checkouts never share a container or a volume.
        var folder = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(context.DataDirectory)))[..8];
        _containerName = $"prometei-{resource.Name}-{folder}";
        _volume = resource.KeepsData ? resource.VolumeName ?? $"prometei-{resource.Name}-data-{folder}" : null;
        Connection = resource.LocalConnection();
    }

    public string Description => $"container {_containerName} ({_image}) on 127.0.0.1:{_resource.Endpoint.Port.ToString(CultureInfo.InvariantCulture)}"
        + (_volume is null ? ", data deleted at stop" : $", data in volume {_volume}");

    public NpgsqlConnectionStringBuilder Connection { get; }

    public int? ProcessId => null;

    public bool CanBeControlled => true;

    public bool? IsRunning => null;

    /// <exception cref="PostgresUnavailableException">No Docker engine answers.</exception>
    public static async Task<PostgresContainer> CreateAsync(
        PostgresServerResource resource, ResourceRuntime runtime, RunContext context, CancellationToken cancellationToken)
    {
        CommandResult info;
        try
        {
            info = await Command.RunAsync(["docker", "info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(20), cancellationToken);
        }
        catch (FileNotFoundException)
        {
            throw new PostgresUnavailableException("docker is not installed");
        }
        catch (TimeoutException)
        {
            throw new PostgresUnavailableException("`docker info` did not answer within 20 s");
        }

        return info.Succeeded && info.StandardOutput.Trim().Length > 0
            ? new PostgresContainer(resource, runtime, context)
            : throw new PostgresUnavailableException("no Docker engine answers (`docker info`: " + FirstLine(info.StandardError + info.StandardOutput) + ")");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Command.RunAsync(["docker", "rm", "-f", _containerName], TimeSpan.FromSeconds(60), cancellationToken);
        List<string> run =
        [
            "docker", "run", "-d", "--rm", "--name", _containerName,
            "-p", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{_resource.Endpoint.Port}:5432"),
            // Without a value, -e passes the variable from the docker client's environment: the password stays off the command line.
            "-e", "POSTGRES_PASSWORD", "-e", "POSTGRES_USER=" + PostgresServerResource.UserName,
            "--label", "prometei.apphost.run=" + _context.RunId,
        ];
        if (_volume is not null)
        {
            run.AddRange(["-v", _volume + ":/var/lib/postgresql/data"]);
        }

        run.Add(_image);
        _runtime.Note($"Starting container {_containerName} from {_image}");
        var result = await Command.RunAsync(
            run,
            TimeSpan.FromMinutes(10),
            cancellationToken,
            environment: new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = _resource.Password.Value });
        if (!result.Succeeded)
        {
            throw new PostgresUnavailableException("`docker run` failed: " + FirstLine(result.StandardError + result.StandardOutput));
        }

        _context.Watchdog.TrackStopCommand(_resource.Name, ["docker", "stop", "-t", "10", _containerName]);
        FollowLogs();
    }

    public async Task StopAsync(bool force)
    {
        await Command.RunAsync(["docker", force ? "kill" : "stop", _containerName], TimeSpan.FromSeconds(60), CancellationToken.None);
        _context.Watchdog.Untrack(_resource.Name);
        if (_logs is { } logs)
        {
            await logs.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            logs.Dispose();
            _logs = null;
        }
    }

    private void FollowLogs()
    {
        var startInfo = new ProcessStartInfo("docker")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "logs", "-f", _containerName })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var logs = new Process { StartInfo = startInfo };
        logs.OutputDataReceived += (_, e) => Add(e.Data);
        logs.ErrorDataReceived += (_, e) => Add(e.Data);
        logs.Start();
        logs.BeginOutputReadLine();
        logs.BeginErrorReadLine();
        _logs = logs;
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _runtime.Log.Add("postgres", line);
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.Length > 0) ?? "no output";
}
