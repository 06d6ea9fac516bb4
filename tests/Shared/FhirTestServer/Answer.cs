using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Testing;

/// <summary>What the test server answers before it goes on the wire: a status, a FHIR body, headers.</summary>
internal sealed record Answer(int Status, Resource? Body)
{
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    public Answer With(string name, string value) => this with { Headers = [.. Headers, (name, value)] };

    /// <summary>The same answer claiming success without saying where: no Location, ETag or body, entries with a status only.</summary>
    public Answer WithoutLocations() => new(Status, Body is Bundle { Type: Bundle.BundleType.TransactionResponse or Bundle.BundleType.BatchResponse } b
        ? new Bundle { Type = b.Type, Entry = [.. b.Entry.Select(e => new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = e.Response?.Status } })] }
        : null);
}
