using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Prometei.AppHost.Postgres;

namespace Prometei.AppHost.Tests;

/// <summary>How the AppHost chooses PostgreSQL, and what it says when it can run none (no process is started here).</summary>
public sealed class PostgresHostingTests
{
    [Fact]
    public void NoEngineAndNoPrograms_FailsAtOnce_SayingWhatItTried()
    {
        var builder = DistributedApplication.CreateBuilder(
            ["ASPIRE_CONTAINER_RUNTIME=prometei-no-such-runtime", "AppHost:Postgres:BinPath=/nonexistent/postgresql/bin"]);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddPrometeiPostgres("postgres"));

        Assert.Contains("a container: no 'prometei-no-such-runtime' program", error.Message, StringComparison.Ordinal);
        Assert.Contains("the installed server programs: no initdb and postgres in /nonexistent/postgresql/bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y postgresql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContainerChosen_WithoutAnEngine_DoesNotFallBackToTheInstalledPrograms()
    {
        var builder = DistributedApplication.CreateBuilder(
            ["ASPIRE_CONTAINER_RUNTIME=prometei-no-such-runtime", "AppHost:Postgres:Provider=container"]);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddPrometeiPostgres("postgres"));

        Assert.Contains("a container", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("installed server programs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoEngine_InstalledPrograms_RunAsAnInitStepAndAServerWithAnAllocatedPort()
    {
        var data = Path.Combine(Path.GetTempPath(), "prometei-hosting-test-" + Guid.NewGuid().ToString("N")[..8]);
        var builder = DistributedApplication.CreateBuilder(["ASPIRE_CONTAINER_RUNTIME=prometei-no-such-runtime", $"AppHost:DataPath={data}"]);

        var postgres = builder.AddPrometeiPostgres("postgres");
        var database = postgres.AddDatabase("workflows-db", "workflows");

        var server = Assert.IsType<ExecutableResource>(postgres.Server.Resource);
        Assert.Contains(server.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "tcp" && e.UriScheme == "tcp");
        Assert.Contains(builder.Resources, r => r.Name == "postgres-init" && r is ExecutableResource);
        Assert.Contains("Database=workflows", database.Resource.ConnectionStringExpression.ValueExpression, StringComparison.Ordinal);
        Directory.Delete(data, recursive: true);
    }
}
