namespace Prometei.Api.Hosting;

/// <summary>
/// Reads <c>.env</c> from the working folder into the environment before configuration is built, so an existing
/// <c>.env</c> of the replaced system keeps working. Variables already set in the environment win.
/// </summary>
public static class DotEnvFile
{
    public static int Load(string? folder = null)
    {
        var path = Path.Combine(folder ?? Directory.GetCurrentDirectory(), ".env");
        if (!File.Exists(path))
        {
            return 0;
        }

        return DotNetEnv.Env.NoClobber().Load(path).Count();
    }
}
