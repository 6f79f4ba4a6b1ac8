using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using JintEngine = Jint.Engine;
using Jint.Native;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Expressions;

/// <summary>Moves values between the engine's plain CLR shapes and Jint's.</summary>
internal static class JavaScriptValues
{
    /// <summary>A plain CLR value (string, bool, long, decimal, ExpandoObject, lists) as a real JavaScript value.</summary>
    public static JsValue FromClr(JintEngine engine, object? value)
    {
        switch (value)
        {
            case null:
                return JsValue.Null;
            case string s:
                return new JsString(s);
            case bool b:
                return b ? JsBoolean.True : JsBoolean.False;
            case long or int or decimal or double or float or short or byte:
                return new JsNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture));
        }

        var json = ValueConverter.ToJson(CSharpGlobals.Readable(value))?.ToJsonString();
        return json is null ? JsValue.Null : new Jint.Native.Json.JsonParser(engine).Parse(json);
    }

    /// <summary>A JavaScript value as the engine's plain CLR shapes: objects and arrays go through JSON.</summary>
    public static object? ToClr(JintEngine engine, JsValue value)
    {
        if (value.IsNull() || value.IsUndefined())
        {
            return null;
        }

        if (value.IsString())
        {
            return value.AsString();
        }

        if (value.IsBoolean())
        {
            return value.AsBoolean();
        }

        if (value.Type == Jint.Runtime.Types.Number)
        {
            var number = value.AsNumber();
            return double.IsFinite(number) && number == Math.Truncate(number) && Math.Abs(number) < 9007199254740992d
                ? (object)(long)number
                : number;
        }

        if (value.IsDate())
        {
            return new DateTimeOffset(value.AsDate().ToDateTime().ToUniversalTime());
        }

        if (value.IsObject() && value.AsObject() is not Jint.Native.Function.Function)
        {
            var text = new Jint.Native.Json.JsonSerializer(engine).Serialize(value);
            return text.IsString() ? ValueConverter.FromJson(JsonNode.Parse(text.AsString())) : null;
        }

        return value.ToObject();
    }

    /// <summary>JSON text of a plain value, to tell whether a script changed it.</summary>
    public static string? Fingerprint(object? value)
    {
        try
        {
            return ValueConverter.ToJson(CSharpGlobals.Readable(value))?.ToJsonString();
        }
        catch (InvalidCastException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
