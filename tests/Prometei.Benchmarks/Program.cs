// Benchmarks print one name=value line per figure. Usage: dotnet run -c Release --project tests/Prometei.Benchmarks -- <suite>
var suites = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase);

if (args.Length == 0 || !suites.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Prometei.Benchmarks <{string.Join('|', suites.Keys)}>");
    return 2;
}

return await run(args[1..]);
