using System.Collections.Concurrent;
using BoneMets.Fhir.Options;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Gather;

/// <summary>What a partner's CapabilityStatement says gathering may use.</summary>
public sealed record Capabilities(bool Batch, IReadOnlyDictionary<string, ResourceSupport> Resources)
{
    /// <summary>Nothing read (the statement could not be had or parsed): plain GETs, and US Core's SHALL searches.</summary>
    public static readonly Capabilities Unknown = new(false, new Dictionary<string, ResourceSupport>());

    public bool Knows => Resources.Count > 0;

    /// <summary>Whether the type can be searched at all (unknown statements are given the benefit of the doubt).</summary>
    public bool Searchable(string type) => !Knows || Resources.ContainsKey(type);

    public bool Supports(string type, string parameter) =>
        !Knows || (Resources.TryGetValue(type, out var r) && r.SearchParams.Contains(parameter));

    /// <summary>_include is used only when the statement lists it: unknown means no.</summary>
    public bool Includes(string type, string include) => Resources.TryGetValue(type, out var r) && r.Includes.Contains(include);

    public static Capabilities From(CapabilityStatement statement)
    {
        var rest = statement.Rest.FirstOrDefault(r => r.Mode == CapabilityStatement.RestfulCapabilityMode.Server);
        if (rest is null)
        {
            return Unknown;
        }

        var batch = rest.Interaction.Any(i => i.Code == CapabilityStatement.SystemRestfulInteraction.Batch);
        var resources = rest.Resource.Where(r => r.Type is not null).ToDictionary(
            r => r.Type!,
            r => new ResourceSupport(
                r.SearchParam.Select(p => p.Name).OfType<string>().ToHashSet(StringComparer.Ordinal),
                r.SearchInclude.OfType<string>().ToHashSet(StringComparer.Ordinal)),
            StringComparer.Ordinal);
        return new Capabilities(batch, resources);
    }
}

public sealed record ResourceSupport(IReadOnlySet<string> SearchParams, IReadOnlySet<string> Includes);

/// <summary>Each partner's CapabilityStatement, read once and trusted for Gather:CapabilityRefresh.</summary>
public sealed class PartnerCapabilities(GatherOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (Capabilities Value, DateTimeOffset Until)> cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    public async Task<Capabilities> GetAsync(Partner partner, PartnerFhir fhir, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(partner.Id, out var cached) && cached.Until > clock.GetUtcNow())
        {
            return cached.Value;
        }

        var gate = gates.GetOrAdd(partner.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (cache.TryGetValue(partner.Id, out cached) && cached.Until > clock.GetUtcNow())
            {
                return cached.Value;
            }

            var answer = await fhir.GetAsync("metadata", cancellationToken);
            var value = answer.Resource is CapabilityStatement statement ? Capabilities.From(statement) : Capabilities.Unknown;
            cache[partner.Id] = (value, clock.GetUtcNow() + options.CapabilityRefresh);
            return value;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The partner refused what its statement promised (batch): believe the refusal until the next refresh.</summary>
    public void Downgrade(Partner partner, Capabilities without)
    {
        if (cache.TryGetValue(partner.Id, out var cached))
        {
            cache[partner.Id] = (without, cached.Until);
        }
    }
}
