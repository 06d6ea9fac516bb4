using BoneMets.Fhir.Profiles;

// profiles/build.sh runs both verbs; see profiles/README.md.
//   snapshot --core DIR --sushi DIR --out DIR
//       SUSHI's output + the R4 core definitions → profiles/generated (snapshots filled, canonical JSON).
//   verify --generated DIR --samples DIR [--invalid DIR] [--write-back DIR]
//       checks the examples, the sample messages (and, optionally, a folder of resources the service wrote)
//       against the profiles: cardinality, fixed/pattern values, pattern slices, required bindings to the
//       project's value sets, reference targets and the project's invariants; every message in --invalid
//       that parses must break the profiles, as it breaks the service's contract. Exit 1 on any error.
try
{
    return args.FirstOrDefault() switch
    {
        "snapshot" => await SnapshotStep.RunAsync(Option(args, "--core"), Option(args, "--sushi"), Option(args, "--out")),
        "verify" => await VerifyStep.RunAsync(Option(args, "--generated"), Option(args, "--samples"), OptionalOption(args, "--invalid"), OptionalOption(args, "--write-back")),
        _ => Usage(),
    };
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("usage: SnapshotBuilder snapshot --core DIR --sushi DIR --out DIR");
    Console.Error.WriteLine("       SnapshotBuilder verify --generated DIR --samples DIR [--invalid DIR] [--write-back DIR]");
    return 2;
}

static string Option(string[] args, string name) =>
    OptionalOption(args, name) ?? throw new ArgumentException($"missing {name}");

static string? OptionalOption(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? Path.GetFullPath(args[i + 1]) : null;
}
