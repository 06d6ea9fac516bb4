using System.Text;
using System.Text.Json;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Benchmarks;

/// <summary>
/// A referring EHR on loopback with a fixed latency per request: a US Core-ish server with batch and
/// _include, holding one patient's bone-metastasis record. Counts every request it answers.
/// </summary>
public sealed class StubPartner : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TimeSpan latency;
    private readonly Dictionary<string, string> reads = new(StringComparer.Ordinal);
    private readonly string capability;
    private readonly string conditions, reports, reportsWithResults, studies, labs, empty;
    private readonly List<Resource> changed = [];
    private long requests;

    public StubPartner(string patientId, TimeSpan latency)
    {
        this.latency = latency;
        var subject = new ResourceReference($"Patient/{patientId}");
        var condition = new Condition { Id = "cond-bone", Subject = subject, Code = new CodeableConcept(CodeSystems.Icd10Cm, "C79.51") };
        var report = new DiagnosticReport
        {
            Id = "dr-1", Status = DiagnosticReport.DiagnosticReportStatus.Final, Subject = subject,
            Category = [new CodeableConcept(CodeSystems.Loinc, ClinicalCodes.LoincRadiologyCategory)], Code = new CodeableConcept(CodeSystems.Loinc, "24627-2"),
            Result = [new ResourceReference("Observation/res-1"), new ResourceReference("Observation/res-2")],
        };
        Observation Lab(string id, string code, decimal value) => new()
        {
            Id = id, Status = ObservationStatus.Final, Subject = subject, Code = new CodeableConcept(CodeSystems.Loinc, code),
            Effective = new FhirDateTime("2026-11-10"), Value = new Quantity(value, "mg/dL", "http://unitsofmeasure.org"),
        };
        var results = new[] { Lab("res-1", ClinicalCodes.LoincAlbumin, 3.4m), Lab("res-2", ClinicalCodes.LoincCalcium, 10.9m) };
        foreach (var result in results)
        {
            reads[$"Observation/{result.Id}"] = FhirJson.Serialize(result);
        }

        var study = new ImagingStudy { Id = "is-1", Status = ImagingStudy.ImagingStudyStatus.Available, Subject = subject };
        conditions = Searchset([condition]);
        reports = Searchset([report]);
        reportsWithResults = Searchset([report, .. results], included: 1);
        studies = Searchset([study]);
        labs = Searchset([Lab("ca-1", ClinicalCodes.LoincCalcium, 11.8m), Lab("alb-1", ClinicalCodes.LoincAlbumin, 3.1m)]);
        empty = Searchset([]);
        capability = FhirJson.Serialize(Capability());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapGet("/fhir/metadata", () => Answer(capability));
        app.MapPost("/fhir", async (HttpRequest request) => await Answer(await BatchAsync(request)));
        app.MapGet("/fhir/{type}/{id}", (string type, string id) => Answer(reads.TryGetValue($"{type}/{id}", out var json) ? json : null));
        app.MapGet("/fhir/{type}/{id}/_history/{version}", (string type, string id) => Answer(reads.TryGetValue($"{type}/{id}", out var json) ? json : null));
        app.MapGet("/fhir/{type}", (HttpRequest request, string type) => Answer(Search(type + request.QueryString.Value)));
    }

    public string BaseUrl { get; private set; } = "";

    public long Requests => Interlocked.Read(ref requests);

    public async System.Threading.Tasks.Task StartAsync()
    {
        await app.StartAsync();
        BaseUrl = app.Urls.First() + "/fhir";
    }

    /// <summary>Referrals the feed benchmark puts on the server: readable, and the answer to a ServiceRequest search.</summary>
    public void Hold(Resource resource)
    {
        lock (reads)
        {
            reads[$"{resource.TypeName}/{resource.Id}"] = FhirJson.Serialize(resource);
            if (resource is ServiceRequest)
            {
                changed.Add(resource);
            }
        }
    }

    /// <summary>Empties the ServiceRequest search (what the next poll will find).</summary>
    public void ClearChanged()
    {
        lock (reads)
        {
            changed.Clear();
        }
    }

    public void ResetCount() => Interlocked.Exchange(ref requests, 0);

    private async Task<IResult> Answer(string? json)
    {
        Interlocked.Increment(ref requests);
        await System.Threading.Tasks.Task.Delay(latency);
        return json is null ? Results.NotFound() : Results.Text(json, "application/fhir+json", Encoding.UTF8);
    }

    private async Task<string?> BatchAsync(HttpRequest request)
    {
        using var document = await JsonDocument.ParseAsync(request.Body);
        var entries = document.RootElement.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("request").GetProperty("url").GetString()!)
            .Select(url => Search(Uri.UnescapeDataString(url)) is { } json
                ? "{\"resource\":" + json + ",\"response\":{\"status\":\"200 OK\"}}"
                : "{\"response\":{\"status\":\"404 Not Found\"}}");
        return "{\"resourceType\":\"Bundle\",\"type\":\"batch-response\",\"entry\":[" + string.Join(",", entries) + "]}";
    }

    private string? Search(string url)
    {
        var decoded = Uri.UnescapeDataString(url).TrimStart('?');
        lock (reads)
        {
            if (!decoded.Contains('?', StringComparison.Ordinal))
            {
                return reads.GetValueOrDefault(decoded);
            }

            if (decoded.StartsWith("ServiceRequest?", StringComparison.Ordinal))
            {
                return Searchset([.. changed]);
            }
        }

        return decoded[..decoded.IndexOf('?', StringComparison.Ordinal)] switch
        {
            "Condition" => conditions,
            "DiagnosticReport" => decoded.Contains("_include", StringComparison.Ordinal) ? reportsWithResults : reports,
            "ImagingStudy" => studies,
            "Observation" => decoded.Contains(CodeSystems.Loinc, StringComparison.Ordinal) ? labs : empty,
            _ => empty,
        };
    }

    private static string Searchset(Resource[] resources, int included = 0) => FhirJson.Serialize(new Bundle
    {
        Type = Bundle.BundleType.Searchset,
        Entry = [.. resources.Select((r, i) => new Bundle.EntryComponent
        {
            Resource = r,
            Search = new Bundle.SearchComponent { Mode = i >= resources.Length - included ? Bundle.SearchEntryMode.Include : Bundle.SearchEntryMode.Match },
        })],
    });

    private static CapabilityStatement Capability()
    {
        var rest = new CapabilityStatement.RestComponent { Mode = CapabilityStatement.RestfulCapabilityMode.Server };
        rest.Interaction.Add(new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Batch });
        foreach (var type in new[] { "Condition", "DiagnosticReport", "ImagingStudy", "Observation" })
        {
            var resource = new CapabilityStatement.ResourceComponent { Type = type };
            resource.SearchParam.AddRange(new[] { "patient", "category", "code" }.Select(p => new CapabilityStatement.SearchParamComponent { Name = p, Type = SearchParamType.Token }));
            if (type == "DiagnosticReport")
            {
                resource.SearchInclude = ["DiagnosticReport:result"];
            }

            rest.Resource.Add(resource);
        }

        return new CapabilityStatement
        {
            Status = PublicationStatus.Active, Kind = CapabilityStatementKind.Instance, FhirVersion = FHIRVersion.N4_0_1, Format = ["json"], Rest = [rest],
        };
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
