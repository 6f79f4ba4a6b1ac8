using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Prometei.Api.IntegrationTests.Support;

/// <summary>Keeps every log line of an in-process Api (message, exception, scopes) so a test can grep them for secrets.</summary>
public sealed class LogSink : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<string> Lines => _lines.ToList();

    public string Text => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class SinkLogger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => sink._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(" |").Append(key).Append('=').Append(value);
                }
            }

            sink._scopes?.ForEachScope((scope, builder) => builder.Append(" [scope ").Append(scope).Append(']'), line);
            if (exception is not null)
            {
                line.Append('\n').Append(exception);
            }

            sink._lines.Enqueue(line.ToString());
        }
    }
}
