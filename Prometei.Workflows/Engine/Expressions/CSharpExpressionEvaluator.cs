using System.Collections.Concurrent;
using System.Dynamic;
using System.Globalization;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Prometei.Workflows.Engine.Expressions;

/// <summary>
/// Evaluates <c>CSharp</c> expressions with Roslyn scripting against <see cref="CSharpGlobals"/>.
/// Each distinct expression text compiles once per evaluator instance (register it as a singleton); different texts
/// compile concurrently on the thread pool, and a failed compile is remembered as well.
/// </summary>
/// <remarks>
/// Scripts run with the server's full trust, and the compiled assemblies stay loaded for the life of the process:
/// the cache is bounded by the number of distinct expressions in the definitions.
/// </remarks>
public sealed class CSharpExpressionEvaluator : IExpressionEvaluator
{
    private const int MaxReportedDiagnostics = 3;

    private static readonly Lazy<ScriptOptions> s_options = new(CreateOptions);

    private readonly ConcurrentDictionary<string, Lazy<Task<ScriptRunner<object?>>>> _scripts = new(StringComparer.Ordinal);
    private int _compiledCount;

    public string Type => "CSharp";

    public string DisplayName => "C#";

    public bool IsBrowsable => true;

    public string? MonacoLanguage => "csharp";

    /// <summary>How many times this instance has compiled an expression (successfully or not).</summary>
    public int CompiledCount => Volatile.Read(ref _compiledCount);

    public async ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ExpressionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(targetType);
        ArgumentNullException.ThrowIfNull(context);

        var code = expression.Text;
        if (string.IsNullOrWhiteSpace(code))
        {
            return ExpressionResult.ConvertTo(null, targetType, Type);
        }

        // The compile is shared by every caller of this text, so a caller's cancellation stops its wait, not the compile.
        var runner = await GetRunner(code).WaitAsync(cancellationToken);

        object? result;
        try
        {
            result = await runner(new CSharpGlobals(context), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new ExpressionException($"C# expression failed: {ex.GetType().Name}: {ex.Message}", ex);
        }

        return ExpressionResult.ConvertTo(result, targetType, Type);
    }

    private Task<ScriptRunner<object?>> GetRunner(string code) =>
        _scripts.GetOrAdd(
                code,
                static (text, self) => new Lazy<Task<ScriptRunner<object?>>>(
                    () => Task.Run(() => self.Compile(text)),
                    LazyThreadSafetyMode.ExecutionAndPublication),
                this)
            .Value;

    private ScriptRunner<object?> Compile(string code)
    {
        Interlocked.Increment(ref _compiledCount);
        var script = CSharpScript.Create<object?>(code, s_options.Value, typeof(CSharpGlobals));
        var errors = script.Compile()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Take(MaxReportedDiagnostics)
            .Select(Describe)
            .ToList();

        return errors.Count == 0
            ? script.CreateDelegate()
            : throw new ExpressionException($"C# expression does not compile: {string.Join("; ", errors)}");
    }

    private static string Describe(Diagnostic diagnostic)
    {
        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{start.Line + 1}:{start.Character + 1} {diagnostic.Id} {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
    }

    private static ScriptOptions CreateOptions() => ScriptOptions.Default
        .WithReferences(
            typeof(object).Assembly,
            typeof(Uri).Assembly,
            typeof(Enumerable).Assembly,
            typeof(List<>).Assembly,
            typeof(System.Linq.Expressions.Expression).Assembly,
            typeof(JsonSerializer).Assembly,
            typeof(ExpandoObject).Assembly,
            typeof(Microsoft.CSharp.RuntimeBinder.Binder).Assembly,
            typeof(CSharpGlobals).Assembly)
        .AddReferences("System.Runtime", "System", "System.Core", "System.Collections", "System.Linq", "System.Text.Json")
        .WithImports(
            "System",
            "System.Linq",
            "System.Collections.Generic",
            "System.Text.Json",
            "System.Text.Json.Nodes",
            "System.Dynamic",
            "System.Globalization")
        .WithOptimizationLevel(OptimizationLevel.Release);
}
