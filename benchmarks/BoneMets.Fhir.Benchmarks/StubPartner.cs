using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Benchmarks;

/// <summary>
/// A referring EHR on loopback with a fixed latency per request: a US Core-ish server with batch and
/// _include, holding one patient's bone-metastasis record and any number of referrals for that patient
/// (ServiceRequest/bench-N: sample 08's ServiceRequest with that id and placer number WCH-R-N, so each is its own
/// referral), with the requester and reason they reference. Counts every request it answers. For the feed
/// benchmark (issue 7) it also holds ServiceRequests put on it by <see cref="Hold"/>: readable and vreadable, and
/// the answer to the reconciliation poll's <c>ServiceRequest?_lastUpdated=…</c> search.
/// </summary>
public sealed class StubPartner : IAsyncDisposable
{
    public const string ReferralPrefix = "bench-";
    private const string IdSlot = "{{referral-id}}";
    private const string NumberSlot = "{{referral-number}}";
    private readonly string serviceRequest, patient;

    private readonly WebApplication app;
    private readonly TimeSpan latency;
    // Concurrent: the feed benchmark holds referrals while the service's workers read.
    private readonly ConcurrentDictionary<string, string> reads = new(StringComparer.Ordinal);
    private readonly List<Resource> changed = [];
    private readonly string conditions, reports, reportsWithResults, studies, labs, empty;
    private long requests;

    public StubPartner(ReferralMessage referral, TimeSpan latency)
    {
        this.latency = latency;
        var patientId = referral.Patient.Id!;
        foreach (var resource in MessageLocalizer.Localize(referral).Where(r => r is not MessageHeader and not ServiceRequest))
        {
            reads[$"{resource.TypeName}/{resource.Id}"] = FhirJson.Serialize(resource);
        }

        var template = MessageLocalizer.Localize(referral).OfType<ServiceRequest>().Single();
        template.Id = IdSlot;
        template.Identifier[0].Value = NumberSlot;
        serviceRequest = FhirJson.Serialize(template);
        patient = reads[$"Patient/{patientId}"];
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

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapGet("/fhir/metadata", () => Answer(FhirJson.Serialize(Capability(DeclareIncludes))));
        app.MapPost("/fhir", async (HttpRequest request) => await Answer(await BatchAsync(request)));
        app.MapGet("/fhir/{type}/{id}", (string type, string id) => Answer(Search($"{type}/{id}")));
        // Every version is the current one here: the feed's pointers are versioned (a notification's _history URL,
        // a polled resource's meta.versionId), so fetching them is a vread.
        app.MapGet("/fhir/{type}/{id}/_history/{version}", (string type, string id) => Answer(Search($"{type}/{id}")));
        app.MapGet("/fhir/{type}", (HttpRequest request, string type) => Answer(Search(type + request.QueryString.Value)));
    }

    public string BaseUrl { get; private set; } = "";

    public long Requests => Interlocked.Read(ref requests);

    /// <summary>While set, every request answers 503 (the partner's server is down: the recovery benchmark's outage).</summary>
    public bool Down { get; set; }

    /// <summary>Whether the CapabilityStatement lists _include (the naive runs read as a client that uses none).</summary>
    public bool DeclareIncludes { get; set; } = true;

    public async System.Threading.Tasks.Task StartAsync()
    {
        await app.StartAsync();
        BaseUrl = app.Urls.First() + "/fhir";
    }

    public void ResetCount() => Interlocked.Exchange(ref requests, 0);

    /// <summary>Puts a resource on the server (the feed's referrals): readable, and a ServiceRequest is what the next poll finds.</summary>
    public void Hold(Resource resource)
    {
        reads[$"{resource.TypeName}/{resource.Id}"] = FhirJson.Serialize(resource);
        if (resource is ServiceRequest)
        {
            lock (changed)
            {
                changed.Add(resource);
            }
        }
    }

    /// <summary>Empties the ServiceRequest search (what the next poll will find).</summary>
    public void ClearChanged()
    {
        lock (changed)
        {
            changed.Clear();
        }
    }

    private async Task<IResult> Answer(string? json)
    {
        Interlocked.Increment(ref requests);
        await System.Threading.Tasks.Task.Delay(latency);
        if (Down)
        {
            return Results.StatusCode(503);
        }

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
        if (!decoded.Contains('?', StringComparison.Ordinal))
        {
            return decoded.StartsWith("ServiceRequest/" + ReferralPrefix, StringComparison.Ordinal)
                ? Referral(decoded["ServiceRequest/".Length..])
                : reads.GetValueOrDefault(decoded);
        }

        if (decoded.StartsWith("ServiceRequest?_id=" + ReferralPrefix, StringComparison.Ordinal))
        {
            var id = decoded["ServiceRequest?_id=".Length..].Split('&')[0];
            return "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":" + Referral(id) + ",\"search\":{\"mode\":\"match\"}}"
                + (decoded.Contains("_include=ServiceRequest:subject", StringComparison.Ordinal) ? ",{\"resource\":" + patient + ",\"search\":{\"mode\":\"include\"}}" : "")
                + "]}";
        }

        // A held referral (the feed's) searched by id, as PartnerReferrals fetches a notified pointer: it and its Patient.
        if (decoded.StartsWith("ServiceRequest?_id=", StringComparison.Ordinal)
            && reads.GetValueOrDefault("ServiceRequest/" + decoded["ServiceRequest?_id=".Length..].Split('&')[0]) is { } held)
        {
            return "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":" + held + ",\"search\":{\"mode\":\"match\"}}"
                + (decoded.Contains("_include=ServiceRequest:subject", StringComparison.Ordinal) ? ",{\"resource\":" + patient + ",\"search\":{\"mode\":\"include\"}}" : "")
                + "]}";
        }

        return decoded[..decoded.IndexOf('?', StringComparison.Ordinal)] switch
        {
            "Condition" => conditions,
            "DiagnosticReport" => decoded.Contains("_include", StringComparison.Ordinal) ? reportsWithResults : reports,
            "ImagingStudy" => studies,
            "Observation" => decoded.Contains(CodeSystems.Loinc, StringComparison.Ordinal) ? labs : empty,
            "ServiceRequest" => Changed(),
            _ => empty,
        };
    }

    private string Changed()
    {
        lock (changed)
        {
            return Searchset([.. changed]);
        }
    }

    private string Referral(string id) => serviceRequest.Replace(IdSlot, id, StringComparison.Ordinal)
        .Replace(NumberSlot, "WCH-R-" + id[ReferralPrefix.Length..], StringComparison.Ordinal);

    private static string Searchset(Resource[] resources, int included = 0) => FhirJson.Serialize(new Bundle
    {
        Type = Bundle.BundleType.Searchset,
        Entry = [.. resources.Select((r, i) => new Bundle.EntryComponent
        {
            Resource = r,
            Search = new Bundle.SearchComponent { Mode = i >= resources.Length - included ? Bundle.SearchEntryMode.Include : Bundle.SearchEntryMode.Match },
        })],
    });

    private static CapabilityStatement Capability(bool includes)
    {
        var rest = new CapabilityStatement.RestComponent { Mode = CapabilityStatement.RestfulCapabilityMode.Server };
        rest.Interaction.Add(new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Batch });
        foreach (var type in new[] { "Condition", "DiagnosticReport", "ImagingStudy", "Observation", "ServiceRequest", "Patient" })
        {
            var resource = new CapabilityStatement.ResourceComponent { Type = type };
            resource.SearchParam.AddRange(new[] { "_id", "patient", "category", "code" }.Select(p => new CapabilityStatement.SearchParamComponent { Name = p, Type = SearchParamType.Token }));
            if (includes && (type is "DiagnosticReport" or "ServiceRequest"))
            {
                resource.SearchInclude = [type == "DiagnosticReport" ? "DiagnosticReport:result" : "ServiceRequest:subject"];
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
