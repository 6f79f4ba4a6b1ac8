using System.Text;
using System.Text.RegularExpressions;
using JintEngine = Jint.Engine;
using Jint.Native;
using Jint.Native.Object;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Expressions;

/// <summary>
/// Elsa's JavaScript globals, installed in a fresh engine for one evaluation:
/// <c>variables.X</c> (read and write), <c>getX()</c>/<c>setX(v)</c> per variable, <c>getX()</c> per declared workflow input,
/// <c>get{Output}From{ActivityName}()</c> per named activity's output, <c>getVariable(name)</c>,
/// <c>setVariable(name, value)</c>, <c>input</c>, <c>getInput(name)</c>, <c>getOutputFrom(activity, output)</c>,
/// <c>workflowInstanceId</c>/<c>getWorkflowInstanceId()</c>, <c>correlationId</c>/<c>getCorrelationId()</c>,
/// <c>getWorkflowDefinitionId()</c>, <c>getWorkflowDefinitionVersionId()</c>, <c>getWorkflowDefinitionVersion()</c>,
/// <c>isNullOrWhiteSpace</c>, <c>isNullOrEmpty</c>, <c>toJson</c>, <c>parseGuid</c>, <c>newGuid</c>, <c>newGuidString</c>,
/// <c>newShortGuid</c>, <c>stringToBase64</c>, <c>stringFromBase64</c>; JavaScript's own <c>JSON</c> parses and stringifies.
/// </summary>
internal sealed partial class JavaScriptGlobals(JintEngine engine, ExpressionContext context)
{
    private readonly Dictionary<string, string?> _copied = new(StringComparer.Ordinal);
    private ObjectInstance? _variables;

    public void Install()
    {
        var names = context.VariableNames.Concat(context.Variables.Keys).Distinct(StringComparer.Ordinal).ToList();
        _variables = new JsObject(engine);
        foreach (var name in names)
        {
            context.Variables.TryGetValue(name, out var value);
            _copied[name] = JavaScriptValues.Fingerprint(value);
            _variables.Set(name, JavaScriptValues.FromClr(engine, value));
            if (IsIdentifier(name))
            {
                var pascal = char.ToUpperInvariant(name[0]) + name[1..];
                engine.SetValue($"get{pascal}", new Func<JsValue>(() => GetVariable(name)));
                engine.SetValue($"set{pascal}", new Action<JsValue>(value => SetVariable(name, value)));
            }
        }

        // Elsa's accessors, in Elsa's order (variables, then workflow inputs, then activity outputs; a later one wins).
        foreach (var name in context.InputNames.Where(IsIdentifier))
        {
            engine.SetValue($"get{name}", new Func<JsValue>(() =>
                context.Input.TryGetValue(name, out var value) ? JavaScriptValues.FromClr(engine, value) : JsValue.Null));
        }

        foreach (var (activityName, outputName) in context.ActivityOutputNames)
        {
            var pascal = Pascalize(activityName);
            if (IsIdentifier(pascal) && IsIdentifier(outputName))
            {
                engine.SetValue($"get{outputName}From{pascal}", new Func<JsValue>(() =>
                    JavaScriptValues.FromClr(engine, context.GetActivityOutput(activityName, outputName))));
            }
        }

        engine.SetValue("variables", _variables);
        engine.SetValue("input", JavaScriptValues.FromClr(engine, context.Input.ToDictionary(p => p.Key, p => p.Value)));
        engine.SetValue("workflowInstanceId", context.WorkflowInstanceId);
        engine.SetValue("correlationId", context.CorrelationId is null ? JsValue.Null : new JsString(context.CorrelationId));

        if (context.SetOutcomes is { } setOutcomes)
        {
            engine.SetValue("setOutcome", new Action<string>(outcome => setOutcomes([outcome])));
            engine.SetValue("setOutcomes", new Action<JsValue>(outcomes =>
                setOutcomes(JavaScriptValues.ToClr(engine, outcomes) is List<object?> list ? [.. list.Select(o => o?.ToString() ?? "")] : [])));
        }

        engine.SetValue("getVariable", new Func<string, JsValue>(GetVariable));
        engine.SetValue("setVariable", new Action<string, JsValue>(SetVariable));
        engine.SetValue("getInput", new Func<string, JsValue>(name =>
            context.Input.TryGetValue(name, out var value) ? JavaScriptValues.FromClr(engine, value) : JsValue.Undefined));
        engine.SetValue("getOutputFrom", new Func<string, string?, JsValue>((activity, output) =>
            JavaScriptValues.FromClr(engine, context.GetActivityOutput(activity, string.IsNullOrEmpty(output) ? "Output" : output))));
        engine.SetValue("getWorkflowInstanceId", new Func<string>(() => context.WorkflowInstanceId));
        engine.SetValue("getCorrelationId", new Func<string?>(() => context.CorrelationId));
        engine.SetValue("getWorkflowDefinitionId", new Func<string>(() => context.WorkflowDefinitionId));
        engine.SetValue("getWorkflowDefinitionVersionId", new Func<string>(() => context.WorkflowDefinitionVersionId));
        engine.SetValue("getWorkflowDefinitionVersion", new Func<int>(() => context.WorkflowDefinitionVersion));

        engine.SetValue("isNullOrWhiteSpace", new Func<string?, bool>(string.IsNullOrWhiteSpace));
        engine.SetValue("isNullOrEmpty", new Func<string?, bool>(string.IsNullOrEmpty));
        engine.SetValue("toJson", new Func<JsValue, string>(value =>
            ValueConverter.ToJson(JavaScriptValues.ToClr(engine, value))?.ToJsonString() ?? "null"));
        engine.SetValue("parseGuid", new Func<string, string>(value => Guid.Parse(value).ToString()));
        engine.SetValue("newGuid", new Func<string>(() => Guid.NewGuid().ToString()));
        engine.SetValue("newGuidString", new Func<string>(() => Guid.NewGuid().ToString()));
        engine.SetValue("getGuidString", new Func<string>(() => Guid.NewGuid().ToString()));
        engine.SetValue("newShortGuid", new Func<string>(NewShortGuid));
        engine.SetValue("getShortGuid", new Func<string>(NewShortGuid));
        engine.SetValue("stringToBase64", new Func<string, string>(value => Convert.ToBase64String(Encoding.UTF8.GetBytes(value))));
        engine.SetValue("stringFromBase64", new Func<string, string>(value => Encoding.UTF8.GetString(Convert.FromBase64String(value))));
    }

    /// <summary>Writes back every <c>variables.X</c> the script changed, as Elsa does after an evaluation.</summary>
    public void CopyVariablesBack()
    {
        if (_variables is null)
        {
            return;
        }

        foreach (var (name, before) in _copied)
        {
            var value = JavaScriptValues.ToClr(engine, _variables.Get(name));
            if (JavaScriptValues.Fingerprint(value) != before)
            {
                DynamicVariables.Write(context, name, value);
            }
        }
    }

    private JsValue GetVariable(string name) =>
        _variables is not null && _copied.ContainsKey(name)
            ? _variables.Get(name)
            : JavaScriptValues.FromClr(engine, DynamicVariables.Read(context, name));

    private void SetVariable(string name, JsValue value)
    {
        var plain = JavaScriptValues.ToClr(engine, value);
        DynamicVariables.Write(context, name, plain);
        var resolved = context.ResolveVariableName(name) ?? name;
        _copied[resolved] = JavaScriptValues.Fingerprint(plain);
        _variables?.Set(resolved, JavaScriptValues.FromClr(engine, plain));
    }

    private static string NewShortGuid() => ShortGuidPadding().Replace(Convert.ToBase64String(Guid.NewGuid().ToByteArray()), "");

    /// <summary>Humanizer's Pascalize, as Elsa names the accessors: words split on spaces, '-' and '_', each capitalised.</summary>
    internal static string Pascalize(string name) =>
        string.Concat(name.Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    internal static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');

    [GeneratedRegex("[/+=]")]
    private static partial Regex ShortGuidPadding();
}
