namespace Prometei.Api.Cli;

/// <summary>A wrong option value on the command line: printed to stderr with exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
