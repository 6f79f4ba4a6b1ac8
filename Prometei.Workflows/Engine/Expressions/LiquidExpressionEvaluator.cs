using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Fluid;
using Fluid.Values;

namespace Prometei.Workflows.Engine.Expressions;

/// <summary>
/// Evaluates <c>Liquid</c> templates on Fluid, Elsa's own engine, with Elsa's objects (<c>Variables</c>, <c>Input</c>,
/// <c>WorkflowInstanceId</c>, <c>CorrelationId</c>, <c>WorkflowDefinitionId</c>, <c>WorkflowDefinitionVersionId</c>,
/// <c>WorkflowDefinitionVersion</c>) and filters (Fluid's standard ones plus Elsa's <c>base64</c> and <c>keys</c>).
/// Each render is bounded by steps, output size and time, so a runaway template fails only its own activity.
/// </summary>
public sealed class LiquidExpressionEvaluator : IExpressionEvaluator
{
    private const int MaxCachedTemplates = 4096;

    private static readonly FluidParser s_parser = new();

    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new(StringComparer.Ordinal);
    private readonly TemplateOptions _options;

    public LiquidExpressionEvaluator(LiquidLimits? limits = null)
    {
        Limits = limits ?? new LiquidLimits();
        _options = new TemplateOptionsBuilder()
            .WithMaxSteps(Limits.MaxSteps)
            .WithMaxRecursion(Limits.MaxRecursion)
            .WithMaxOutputSize(Limits.MaxOutputSize)
            .WithCultureInfo(CultureInfo.InvariantCulture)
            .AddFilter("base64", Base64)
            .AddFilter("keys", Keys)
            .Build();
    }

    public string Type => "Liquid";

    public string DisplayName => "Liquid";

    public bool IsBrowsable => true;

    public string? MonacoLanguage => "liquid";

    /// <summary>The limits every render runs under.</summary>
    public LiquidLimits Limits { get; }

    public async ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ExpressionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(targetType);
        ArgumentNullException.ThrowIfNull(context);

        var text = expression.Text;
        if (string.IsNullOrEmpty(text))
        {
            return ExpressionResult.ConvertTo(text, targetType, Type);
        }

        var template = Parse(text);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limits.Timeout);
        var templateContext = new TemplateContext(_options) { CancellationToken = timeout.Token };
        templateContext.SetValue("Variables", FluidValue.Create(Variables(context), _options));
        templateContext.SetValue("Input", FluidValue.Create(context.Input.ToDictionary(p => p.Key, p => CSharpGlobals.Readable(p.Value)), _options));
        templateContext.SetValue("WorkflowInstanceId", FluidValue.Create(context.WorkflowInstanceId, _options));
        templateContext.SetValue("CorrelationId", context.CorrelationId is null ? NilValue.Instance : FluidValue.Create(context.CorrelationId, _options));
        templateContext.SetValue("WorkflowDefinitionId", FluidValue.Create(context.WorkflowDefinitionId, _options));
        templateContext.SetValue("WorkflowDefinitionVersionId", FluidValue.Create(context.WorkflowDefinitionVersionId, _options));
        templateContext.SetValue("WorkflowDefinitionVersion", NumberValue.Create(context.WorkflowDefinitionVersion));

        string rendered;
        try
        {
            rendered = await template.RenderAsync(templateContext);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw new ExpressionException(
                $"Liquid expression ran longer than its limit of {Limits.Timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ExpressionException($"Liquid expression failed: {ex.Message}", ex);
        }

        return ExpressionResult.ConvertTo(rendered, targetType, Type);
    }

    private IFluidTemplate Parse(string text)
    {
        if (_templates.TryGetValue(text, out var cached))
        {
            return cached;
        }

        if (!s_parser.TryParse(text, out var template, out var error))
        {
            throw new ExpressionException($"Liquid expression does not parse: {error}");
        }

        if (_templates.Count >= MaxCachedTemplates)
        {
            _templates.Clear();
        }

        return _templates.GetOrAdd(text, template);
    }

    private static Dictionary<string, object?> Variables(ExpressionContext context)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in context.VariableNames)
        {
            variables[name] = null;
        }

        foreach (var (name, value) in context.Variables)
        {
            variables[name] = CSharpGlobals.Readable(value);
        }

        return variables;
    }

    /// <summary>Elsa's <c>base64</c>: text as is, anything else as JSON, encoded as UTF-8 base64.</summary>
    private static ValueTask<FluidValue> Base64(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var text = input.Type switch
        {
            FluidValues.Nil => null,
            FluidValues.String => input.ToStringValue(context),
            FluidValues.Number => input.ToNumberValue(context).ToString(CultureInfo.InvariantCulture),
            FluidValues.Boolean => input.ToBooleanValue(context) ? "True" : "False",
            _ => JsonSerializer.Serialize(input.ToObjectValue(context)),
        };
        return new ValueTask<FluidValue>(text is null ? NilValue.Instance : FluidValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), context.Options));
    }

    /// <summary>Elsa's <c>keys</c>: the keys of an object.</summary>
    private static ValueTask<FluidValue> Keys(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var keys = input.ToObjectValue(context) switch
        {
            IDictionary<string, object?> d => d.Keys.ToList(),
            IFluidIndexable indexable => indexable.Keys.ToList(),
            _ => throw new ArgumentException("The keys filter works on objects only."),
        };
        return new ValueTask<FluidValue>(FluidValue.Create(keys, context.Options));
    }
}
