using System.Collections.Concurrent;
using System.Globalization;
using Jint;
using JintEngine = Jint.Engine;
using Jint.Runtime;

namespace Prometei.Workflows.Engine.Expressions;

/// <summary>
/// Evaluates <c>JavaScript</c> expressions on Jint, Elsa's own engine, with Elsa's globals (<see cref="JavaScriptGlobals"/>).
/// Each evaluation gets a fresh engine with a time, memory, statement and recursion limit, so a runaway script fails its
/// own activity (and so its own instance) and nothing else; no CLR access. Parsed scripts are cached by text.
/// </summary>
public sealed class JavaScriptExpressionEvaluator(JavaScriptLimits? limits = null) : IExpressionEvaluator
{
    private const int MaxCachedScripts = 4096;

    private readonly ConcurrentDictionary<string, Prepared<Acornima.Ast.Script>> _scripts = new(StringComparer.Ordinal);

    public string Type => "JavaScript";

    public string DisplayName => "JavaScript";

    public bool IsBrowsable => true;

    public string? MonacoLanguage => "javascript";

    /// <summary>The limits every evaluation runs under.</summary>
    public JavaScriptLimits Limits { get; } = limits ?? new JavaScriptLimits();

    public ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ExpressionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(targetType);
        ArgumentNullException.ThrowIfNull(context);

        var code = expression.Text;
        if (string.IsNullOrWhiteSpace(code))
        {
            return ValueTask.FromResult(ExpressionResult.ConvertTo(null, targetType, Type));
        }

        var result = Run(code, context, cancellationToken);
        return ValueTask.FromResult(ExpressionResult.ConvertTo(result, targetType, Type));
    }

    /// <summary>Runs <paramref name="code"/> and returns its completion value as a plain CLR value.</summary>
    public object? Run(string code, ExpressionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(context);
        var script = Prepare(code);
        var engine = new JintEngine(options =>
        {
            options.TimeoutInterval(Limits.Timeout);
            options.LimitMemory(Limits.MemoryLimitBytes);
            options.LimitRecursion(Limits.MaxRecursionDepth);
            options.MaxStatements(Limits.MaxStatements);
            options.CancellationToken(cancellationToken);
            options.Interop.Enabled = false;
        });
        var globals = new JavaScriptGlobals(engine, context);
        globals.Install();
        try
        {
            var value = engine.Evaluate(script);
            globals.CopyVariablesBack();
            return JavaScriptValues.ToClr(engine, value);
        }
        catch (ExecutionCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new ExpressionException(
                $"JavaScript expression ran longer than its limit of {Limits.Timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms.");
        }
        catch (MemoryLimitExceededException)
        {
            throw new ExpressionException(
                $"JavaScript expression allocated more than its limit of {Limits.MemoryLimitBytes.ToString(CultureInfo.InvariantCulture)} bytes.");
        }
        catch (StatementsCountOverflowException)
        {
            throw new ExpressionException(
                $"JavaScript expression ran more than its limit of {Limits.MaxStatements.ToString(CultureInfo.InvariantCulture)} statements.");
        }
        catch (RecursionDepthOverflowException)
        {
            throw new ExpressionException(
                $"JavaScript expression recursed deeper than its limit of {Limits.MaxRecursionDepth.ToString(CultureInfo.InvariantCulture)} calls.");
        }
        catch (JavaScriptException ex)
        {
            throw new ExpressionException($"JavaScript expression failed: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ExpressionException or OutOfMemoryException))
        {
            throw new ExpressionException($"JavaScript expression failed: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private Prepared<Acornima.Ast.Script> Prepare(string code)
    {
        if (_scripts.TryGetValue(code, out var cached))
        {
            return cached;
        }

        Prepared<Acornima.Ast.Script> script;
        try
        {
            // Elsa lets a script end with "return x;" outside any function.
            script = JintEngine.PrepareScript(code, options: new ScriptPreparationOptions
            {
                ParsingOptions = new ScriptParsingOptions { AllowReturnOutsideFunction = true },
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ExpressionException($"JavaScript expression does not parse: {ex.Message}", ex);
        }

        if (_scripts.Count >= MaxCachedScripts)
        {
            _scripts.Clear();
        }

        return _scripts.GetOrAdd(code, script);
    }
}
