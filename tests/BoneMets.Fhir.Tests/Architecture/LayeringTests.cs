using BoneMets.Fhir.Store;
using NetArchTest.Rules;

namespace BoneMets.Fhir.Tests.Architecture;

/// <summary>
/// The folders of BoneMets.Fhir (namespaces follow folders) as layers, read from the compiled assembly's type
/// dependencies, not from <c>using</c> lines (ADR 0021). A folder may depend on folders in its own layer or below;
/// a new folder must be placed in the table before it builds green.
/// </summary>
public class LayeringTests
{
    private const string Root = "BoneMets.Fhir";

    /// <summary>Bottom first. Domain stages depend on nothing outward; the store on the domain only; hosting on top.</summary>
    internal static readonly string[][] Layers =
    [
        // Vocabulary and configuration records: codes, JSON, search values, log messages, bound options.
        ["Terminology", "Logging", "Options", "Partners", "Fhir", "Search"],
        // Reading what arrives: the referral message and profile validation (pure).
        ["Intake", "Validation"],
        // Domain stages, pure: assemble the case, triage it, plan the write-back.
        ["Case"],
        ["Triage"],
        ["WriteBack"],
        // Partner EHR access (HTTP); nothing in it reads the store.
        ["Gather"],
        // The store: depends on the domain (and the partner record) only.
        ["Store"],
        // The referral record and its lifecycle over the store.
        ["Lifecycle"],
        // Intake and processing of a referral, and the worker plumbing (signals, leases, backoff, readiness).
        ["Pipeline"],
        // Workers over the pipeline: write-back delivery, subscriptions and polls, scheduling, audit retention.
        ["Deliveries", "Subscriptions", "Scheduling", "Audit"],
        // The coordinator's worklist reads everything below.
        ["Worklist"],
        // Hosting: DI composition in the root namespace.
        [""],
    ];

    [Fact]
    public void Folders_DependOnNoFolderThatDependsBackOnThem()
    {
        var graph = FolderGraph();

        var cycles = Cycles(graph).Select(c => string.Join(" -> ", c.Append(c[0]).Select(Name))).ToList();

        Assert.True(cycles.Count == 0, "Folders in one cycle: " + string.Join("; ", cycles) + Evidence(graph));
    }

    [Fact]
    public void Folders_DependOnlyOnTheirLayerOrBelow()
    {
        var graph = FolderGraph();
        var rank = Layers.SelectMany((layer, i) => layer.Select(f => (f, i))).ToDictionary(p => p.f, p => p.i);

        var unplaced = graph.Keys.Where(f => !rank.ContainsKey(f)).Select(Name).ToList();
        var upward = graph.SelectMany(e => e.Value.Keys.Where(to => rank.ContainsKey(e.Key) && rank.ContainsKey(to) && rank[to] > rank[e.Key])
                .Select(to => $"{Name(e.Key)} -> {Name(to)} ({string.Join(", ", e.Value[to])})"))
            .ToList();

        Assert.True(unplaced.Count == 0, "Folders missing from the layer table: " + string.Join(", ", unplaced));
        Assert.True(upward.Count == 0, "Upward imports: " + string.Join("; ", upward));
    }

    [Fact]
    public void ConcreteStores_UsedOnlyInsideStore()
    {
        string[] concrete = [typeof(SqliteStore).FullName!, $"{Root}.Store.Postgres"];

        var outside = Types.InAssembly(typeof(SqliteStore).Assembly)
            .That().DoNotResideInNamespace($"{Root}.Store")
            .And().HaveDependencyOnAny(concrete)
            .GetTypes().Select(t => t.FullName).ToList();

        Assert.True(outside.Count == 0, "Concrete store types used outside Store: " + string.Join(", ", outside));
    }

    [Fact]
    public void FolderGraph_SeesKnownEdges()
    {
        // Guards the guard: a reader that found no dependencies would pass every rule above.
        var graph = FolderGraph();

        Assert.Contains("Fhir", graph["Case"].Keys);
        Assert.Contains("Store", graph["Pipeline"].Keys);
        Assert.Contains("Triage", graph["WriteBack"].Keys);
    }

    /// <summary>From folder to folder, with the types that make each edge (for the failure message).</summary>
    internal static Dictionary<string, Dictionary<string, SortedSet<string>>> FolderGraph()
    {
        var assembly = typeof(SqliteStore).Assembly;
        var all = Types.InAssembly(assembly).GetTypes().ToList();
        var folders = all.Select(t => Folder(t.Namespace)).Distinct().ToList();
        var graph = folders.ToDictionary(f => f, _ => new Dictionary<string, SortedSet<string>>());
        foreach (var to in folders.Where(f => f.Length > 0))
        {
            foreach (var type in Types.InAssembly(assembly).That().HaveDependencyOn($"{Root}.{to}").GetTypes())
            {
                var from = Folder(type.Namespace);
                if (from == to)
                {
                    continue;
                }

                if (!graph[from].TryGetValue(to, out var evidence))
                {
                    graph[from][to] = evidence = [];
                }

                evidence.Add(type.FullName ?? type.Name);
            }
        }

        return graph;
    }

    private static string Folder(string? ns) =>
        ns is null || ns == Root || !ns.StartsWith(Root + ".", StringComparison.Ordinal) ? "" : ns[(Root.Length + 1)..].Split('.')[0];

    private static string Name(string folder) => folder.Length == 0 ? "(root)" : folder;

    private static string Evidence(Dictionary<string, Dictionary<string, SortedSet<string>>> graph) =>
        Environment.NewLine + string.Join(Environment.NewLine, graph.OrderBy(e => e.Key).SelectMany(e => e.Value.OrderBy(t => t.Key)
            .Select(t => $"  {Name(e.Key)} -> {Name(t.Key)}: {string.Join(", ", t.Value)}")));

    /// <summary>Strongly connected components of more than one folder (Tarjan), each as one cycle's members.</summary>
    internal static List<List<string>> Cycles(Dictionary<string, Dictionary<string, SortedSet<string>>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var found = new List<List<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in graph.GetValueOrDefault(v)?.Keys ?? Enumerable.Empty<string>())
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    component.Reverse();
                    found.Add(component);
                }
            }
        }

        foreach (var v in graph.Keys.Where(v => !index.ContainsKey(v)).ToList())
        {
            Visit(v);
        }

        return found;
    }
}
