using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Benchmarks;

/// <summary>
/// Issue 15: Firely's validator (this build, ADR 0017) against the project's own one (ADR 0008), in one process and one
/// run: the old BoneMets.Fhir.dll (built from the commit before the swap) is loaded beside this one in an
/// AssemblyLoadContext of its own, sharing the same Firely SDK assemblies, and both validate the same files the same
/// way (<c>ValidateJson</c>, received role, no verdict cache). Measured: the first call (loading definitions, compiling,
/// the first file), the managed heap the validator keeps after it, warm latency per file and allocation per file.
/// </summary>
internal static class ValidatorComparison
{
    public static void Run(string repositoryRoot, string baselineDll, int rounds)
    {
        var files = Directory.GetFiles(Path.Combine(repositoryRoot, "samples", "referrals"), "*.json").Order(StringComparer.Ordinal)
            .Select(File.ReadAllText).ToList();
        Console.WriteLine($"validators: {files.Count} sample referrals × {rounds} rounds, {Environment.ProcessorCount} cores, load {Load()}");

        // The old one first: the Firely SDK's own parser setup is then paid by it, not by the new validator.
        var old = Measure("own (ADR 0008)", Old(baselineDll), files, rounds);
        var firely = Measure("Firely (ADR 0017)", New(), files, rounds);

        Console.WriteLine("| validator | first call ms | heap kept MB | warm p50 ms/file | warm p99 ms/file | files/s | KB allocated/file | invalid files |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var m in new[] { old, firely })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Name} | {m.FirstMs:F0} | {m.HeapMb:F1} | {m.P50:F1} | {m.P99:F1} | {m.PerSecond:F0} | {m.KbPerFile:F0} | {m.Invalid} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| **Firely ÷ own** | {firely.FirstMs / old.FirstMs:F1} × | {firely.HeapMb / old.HeapMb:F1} × | {firely.P50 / old.P50:F1} × | {firely.P99 / old.P99:F1} × | {firely.PerSecond / old.PerSecond:F2} × | {firely.KbPerFile / old.KbPerFile:F1} × | |"));
        Console.WriteLine($"load at the end {Load()}");
    }

    private sealed record Result(string Name, double FirstMs, double HeapMb, double P50, double P99, double PerSecond, double KbPerFile, int Invalid);

    private static Result Measure(string name, Func<Func<string, IEnumerable<OperationOutcome.IssueComponent>>> build, List<string> files, int rounds)
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var validate = build();
        _ = validate(files[0]).Count();
        var first = watch.Elapsed.TotalMilliseconds;
        foreach (var file in files)
        {
            _ = validate(file).Count(); // every type's schema compiled before the timed rounds
        }

        var heap = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / 1024.0 / 1024.0;
        var times = new List<double>();
        var invalid = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var total = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var file in files)
            {
                watch.Restart();
                var errors = validate(file).Count(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
                times.Add(watch.Elapsed.TotalMilliseconds);
                invalid += round == 0 && errors > 0 ? 1 : 0;
            }
        }

        var perFile = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / times.Count;
        times.Sort();
        return new(name, first, heap, times[times.Count / 2], times[(int)(times.Count * 0.99)], times.Count / total.Elapsed.TotalSeconds, perFile, invalid);
    }

    private static Func<Func<string, IEnumerable<OperationOutcome.IssueComponent>>> New() => () =>
    {
        var validator = new ResourceValidator(ProfileSet.Embedded, verdictCapacity: 0);
        return json => validator.ValidateJson(json, ResourceRole.Received);
    };

    /// <summary>The old library's ResourceValidator through reflection: its types are its own, the FHIR model's are shared.</summary>
    private static Func<Func<string, IEnumerable<OperationOutcome.IssueComponent>>> Old(string dll) => () =>
    {
        var assembly = new Baseline().LoadFromAssemblyPath(Path.GetFullPath(dll));
        var set = assembly.GetType("BoneMets.Fhir.Validation.ProfileSet", throwOnError: true)!;
        var validatorType = assembly.GetType("BoneMets.Fhir.Validation.ResourceValidator", throwOnError: true)!;
        var role = Enum.ToObject(assembly.GetType("BoneMets.Fhir.Validation.ResourceRole", throwOnError: true)!, 0); // Received
        var embedded = set.GetProperty("Embedded", BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
        var validator = Activator.CreateInstance(validatorType, embedded, 0)!;
        var validateJson = validatorType.GetMethod("ValidateJson")!;
        return json => (IEnumerable<OperationOutcome.IssueComponent>)validateJson.Invoke(validator, [json, role])!;
    };

    /// <summary>Only the old BoneMets.Fhir.dll is its own; everything it references comes from this process.</summary>
    private sealed class Baseline() : AssemblyLoadContext("own-validator-baseline")
    {
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
