namespace Prometei.Testing;

/// <summary>Who this process runs as, and running commands as the <c>postgres</c> system user when that is root.</summary>
internal static class SystemUser
{
    /// <summary>The system user PostgreSQL runs as when this process is root (PostgreSQL refuses to run as root).</summary>
    public const string PostgresUser = "postgres";

    public static async Task<bool> IsRootAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        if (Environment.UserName == "root")
        {
            return true;
        }

        // Environment.UserName comes from the password database; uid 0 under another name is still root.
        try
        {
            var result = await ProcessRunner.RunAsync("id", ["-u"], null, TimeSpan.FromSeconds(30), cancellationToken);
            return result.Succeeded && result.StandardOutput.Trim() == "0";
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Checks that <c>runuser</c> and the <c>postgres</c> user exist, with a message that says what to install.</summary>
    public static async Task EnsureCanRunAsPostgresAsync(CancellationToken cancellationToken)
    {
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync("runuser", ["-u", PostgresUser, "--", "true"], "/", TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (FileNotFoundException ex)
        {
            throw new InvalidOperationException(
                "This process runs as root, and PostgreSQL refuses to run as root, so the server is started through " +
                "`runuser -u postgres --`, but runuser is missing. Install util-linux (`apt-get install -y util-linux`) or run the tests as a normal user.",
                ex);
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                "This process runs as root, and PostgreSQL refuses to run as root, so the server is started as the system user " +
                "'postgres', which failed (does the user exist? `apt-get install -y postgresql` creates it). " + result.Describe());
        }
    }

    /// <summary>Gives <paramref name="path"/> (and, when <paramref name="recursive"/>, everything in it) to the postgres user.</summary>
    public static async Task GiveToPostgresAsync(string path, bool recursive, CancellationToken cancellationToken)
    {
        string[] arguments = recursive ? ["-R", PostgresUser + ":", path] : [PostgresUser + ":", path];
        var result = await ProcessRunner.RunAsync("chown", arguments, "/", TimeSpan.FromMinutes(2), cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not give the PostgreSQL folder to the postgres user. " + result.Describe());
        }
    }
}
