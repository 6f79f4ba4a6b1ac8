namespace Prometei.AppHost.Hosting.Processes;

/// <summary>Running PostgreSQL's programs as the <c>postgres</c> system user when the AppHost is root (PostgreSQL refuses root).</summary>
internal static class SystemUser
{
    public const string Postgres = "postgres";

    public static bool IsRoot => !OperatingSystem.IsWindows() && NativeMethods.GetEffectiveUserId() == 0;

    /// <summary>The prefix that runs a program as the postgres user: <c>runuser -u postgres --</c> as root, nothing otherwise.</summary>
    public static IReadOnlyList<string> RunAsPostgres => IsRoot ? ["runuser", "-u", Postgres, "--"] : [];

    /// <summary>Checks that <c>runuser</c> and the postgres user exist; null when fine, else why not.</summary>
    public static async Task<string?> CheckRunAsPostgresAsync(CancellationToken cancellationToken)
    {
        if (!IsRoot)
        {
            return null;
        }

        try
        {
            var result = await Command.RunAsync(["runuser", "-u", Postgres, "--", "true"], TimeSpan.FromSeconds(30), cancellationToken);
            return result.Succeeded
                ? null
                : "the AppHost runs as root, so PostgreSQL must run as the system user 'postgres', which failed (does it exist? " +
                  "`apt-get install -y postgresql` creates it): " + result.Describe();
        }
        catch (FileNotFoundException)
        {
            return "the AppHost runs as root, so PostgreSQL must run as the 'postgres' user through runuser, which is missing (apt-get install -y util-linux)";
        }
    }

    /// <summary>Gives <paramref name="path"/> (recursively) to the postgres user, when the AppHost is root.</summary>
    public static async Task GiveToPostgresAsync(string path, CancellationToken cancellationToken)
    {
        if (!IsRoot)
        {
            return;
        }

        var result = await Command.RunAsync(["chown", "-R", Postgres + ":", path], TimeSpan.FromMinutes(2), cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not give {path} to the postgres user. {result.Describe()}");
        }
    }
}
