using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Search;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Gather;

/// <summary>A references-only referral made whole: the message with its fetched Task/ServiceRequest/Patient, and its profile warnings.</summary>
public sealed record FetchedReferral(ReferralMessage Message, IReadOnlyList<string> Warnings);

/// <summary>
/// Fetches a references-only referral (<see cref="PointerMessage"/>) from its partner before gathering, in the fewest
/// round trips the partner's CapabilityStatement allows: one search with _include
/// (<c>ServiceRequest?_id=X&amp;_include=ServiceRequest:subject</c>, <c>Task?_id=X&amp;_include=Task:focus&amp;_include=Task:patient</c>),
/// else reads one after the other (a versioned pointer costs a vread only when the search lags behind its version). The fetched resources join the message under
/// their partner URLs (what the message carried wins), and the result must pass the same contract and profiles as
/// a posted referral. Gone (404/410), refused (4xx) or not a referral: <see cref="ReferralUnusableException"/>
/// (parked). Partner down: <see cref="PartnerUnavailableException"/> (deferred).
/// </summary>
public sealed class PartnerReferrals(
    PartnerDirectory directory, PartnerCapabilities capabilities, IHttpClientFactory http, TimeProvider clock, ResourceValidator validator,
    ILogger<PartnerReferrals> logger)
{
    public async Task<FetchedReferral> FetchAsync(PointerMessage message, CancellationToken cancellationToken)
    {
        var pointer = message.Focus;
        var partner = directory.ForBase(pointer.BaseUrl) ?? throw new ReferralUnusableException(
            $"Bundle.entry[0].resource.focus[0]: no configured partner serves '{pointer.BaseUrl}' (any more); nothing was fetched.");
        var fhir = new PartnerFhir(partner, http.CreateClient(PartnerHttp.ClientName(partner.Id)), clock);
        var caps = await capabilities.GetAsync(partner, fhir, cancellationToken);
        var before = fhir.RoundTrips;
        var fetched = new Fetched(message.Bundle);

        if (pointer.Type == "ServiceRequest" && caps.Includes("ServiceRequest", "ServiceRequest:subject"))
        {
            await SearchAsync(fhir, pointer, $"ServiceRequest?_id={Uri.EscapeDataString(pointer.Id)}&_include=ServiceRequest:subject", fetched, cancellationToken);
        }
        else if (pointer.Type == "Task" && caps.Includes("Task", "Task:focus") && caps.Includes("Task", "Task:patient"))
        {
            await SearchAsync(fhir, pointer, $"Task?_id={Uri.EscapeDataString(pointer.Id)}&_include=Task:focus&_include=Task:patient", fetched, cancellationToken);
        }
        else
        {
            fetched.Focus = await ReadAsync(fhir, pointer.Read, pointer, cancellationToken);
        }

        // A versioned pointer (a notification names the version it is about) is served by the search when the search
        // returns that version or a newer one: the newest is what the referrer now says, and the version gate then
        // treats the notification of that newer version as already processed. Only a search that lags behind the
        // notification (servers cache searches) costs a vread of the version named.
        if (pointer.VersionId is { } wanted && fetched.Focus?.Meta?.VersionId is { } found && found != wanted && !IsNewer(found, wanted))
        {
            fetched.Focus = await ReadAsync(fhir, pointer.Read, pointer, cancellationToken);
        }

        // Whatever the search did not bring (no _include, a Task without `for`, …) is read: the Task's focus, then the subject.
        if (fetched.Focus is Task { Focus.Reference: { } srReference } && fetched.Find(srReference) is null && GatherPlan.AsRead(srReference, partner.Options.Server) is { } srRead)
        {
            fetched.Add(await ReadAsync(fhir, srRead, pointer, cancellationToken));
        }

        var serviceRequest = fetched.Focus as ServiceRequest ?? fetched.Find((fetched.Focus as Task)?.Focus?.Reference) as ServiceRequest;
        if (serviceRequest?.Subject?.Reference is { } subject && fetched.Find(subject) is null && GatherPlan.AsRead(subject, partner.Options.Server) is { } patientRead)
        {
            fetched.Add(await ReadAsync(fhir, patientRead, pointer, cancellationToken));
        }

        var bundle = fetched.Bundle(partner.Options.Server);
        var read = ReferralMessageReader.Read(bundle, partner.Options.Server);
        if (read.Message is { } referral && partner.Options.Subscription?.Filter is not null
            && !partner.Options.Subscription.ProgramFilter.Addresses(referral.ServiceRequest, referral.ReferralTask, partner.Options.Server))
        {
            // Servers ignore search parameters they do not support and filter subscriptions loosely: what the
            // partner's server sent is checked again, and a referral addressed to someone else is not taken in.
            Log.ReferralNotAddressed(logger, partner.Id, pointer.Type);
            throw new ReferralUnusableException(
                $"{pointer.Url} is not addressed to this program: its {(partner.Options.Subscription.ProgramFilter.ResourceType == "Task" ? "owner" : "performer")} is not " +
                $"{string.Join(" or ", partner.Options.Subscription.ProgramFilter.Values)} (Partners:{partner.Id}:Subscription:Filter); it was not taken in.");
        }

        var findings = read.Message is null ? [] : validator.Validate(bundle, ResourceRole.Received);
        if (read.Message is null || findings.HasErrors())
        {
            var errors = (read.Message is null ? read.Issues : findings).Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ToList();
            Log.ReferralUnusable(logger, partner.Id, pointer.Type, 200);
            throw new ReferralUnusableException(errors.Count == 0
                ? $"{pointer.Url}: what the partner returned is not a referral (no ServiceRequest and Patient could be found)."
                : $"{pointer.Url} is not a referral this program takes: " + string.Join("; ", errors.Select(i => Describe(i, bundle))), Math.Max(1, errors.Count));
        }

        Log.ReferralFetched(logger, partner.Id, pointer.Type, fhir.RoundTrips - before, fetched.Count);
        var warnings = findings.Where(i => i.Severity == OperationOutcome.IssueSeverity.Warning).Select(i => Describe(i, bundle)).ToList();
        return new FetchedReferral(read.Message, warnings);
    }

    /// <summary>Whether version <paramref name="found"/> is later than <paramref name="wanted"/>; only when both are numbers (FHIR servers' usual versionIds) can it tell.</summary>
    internal static bool IsNewer(string found, string wanted) =>
        long.TryParse(found, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var f)
        && long.TryParse(wanted, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var w)
        && f > w;

    private async System.Threading.Tasks.Task SearchAsync(PartnerFhir fhir, ReferralPointer pointer, string search, Fetched fetched, CancellationToken cancellationToken)
    {
        var answer = await fhir.GetAsync(search, cancellationToken);
        if (!answer.Ok || answer.Resource is not Bundle page)
        {
            throw Refused(fhir.Partner, pointer, answer);
        }

        foreach (var resource in page.Entry.Select(e => e.Resource).OfType<Resource>().Where(r => r is not OperationOutcome))
        {
            if (resource.TypeName == pointer.Type && resource.Id == pointer.Id)
            {
                fetched.Focus = resource;
            }
            else
            {
                fetched.Add(resource);
            }
        }

        if (fetched.Focus is null)
        {
            throw Refused(fhir.Partner, pointer, answer with { Status = 404 });
        }
    }

    private async Task<Resource> ReadAsync(PartnerFhir fhir, string read, ReferralPointer pointer, CancellationToken cancellationToken)
    {
        var answer = await fhir.GetAsync(read, cancellationToken);
        return answer.Ok && answer.Resource is not OperationOutcome and not Bundle ? answer.Resource! : throw Refused(fhir.Partner, pointer, answer, read);
    }

    private ReferralUnusableException Refused(Partner partner, ReferralPointer pointer, FhirAnswer answer, string? read = null)
    {
        Log.ReferralUnusable(logger, partner.Id, pointer.Type, answer.Status);
        var what = read is null || read == pointer.Read ? pointer.Url : $"{partner.Options.Server}/{read} (for {pointer.Url})";
        var codes = answer.Resource is OperationOutcome outcome && outcome.Issue.Count > 0
            ? " (" + string.Join(", ", outcome.Issue.Select(i => i.Code?.ToString() ?? "unknown")) + ")" : "";
        return new ReferralUnusableException(answer.Status switch
        {
            404 or 410 => $"{what}: the partner answered {answer.Status}{codes}: the referral is gone or was never there.",
            >= 200 and < 300 => $"{what}: the partner's answer could not be read as the {pointer.Type} it should be.",
            _ => $"{what}: the partner answered {answer.Status}{codes}; the referral could not be fetched.",
        });
    }

    /// <summary>"Bundle.entry[2].resource.subject" → "https://ehr/fhir/ServiceRequest/1 ServiceRequest.subject: …": where the sender can look.</summary>
    private static string Describe(OperationOutcome.IssueComponent issue, Bundle bundle)
    {
        var where = string.Join(", ", issue.Expression.OfType<string>().Select(e =>
        {
            const string prefix = "Bundle.entry[";
            if (!e.StartsWith(prefix, StringComparison.Ordinal) || e.IndexOf("].resource", StringComparison.Ordinal) is var close && close < 0
                || !int.TryParse(e.AsSpan(prefix.Length, close - prefix.Length), out var i) || i >= bundle.Entry.Count)
            {
                return e;
            }

            var entry = bundle.Entry[i];
            return $"{entry.FullUrl} {entry.Resource?.TypeName}{e[(close + "].resource".Length)..]}";
        }));
        return $"{where}: {issue.Diagnostics}";
    }

    /// <summary>The message's own entries plus what was fetched; the message's copy wins when both have a resource.</summary>
    private sealed class Fetched(Bundle message)
    {
        private readonly List<Resource> resources = [];
        private readonly BundleIndex carried = new(message);

        public Resource? Focus { get; set; }

        public int Count => resources.Count + (Focus is null ? 0 : 1);

        public void Add(Resource resource) => resources.Add(resource);

        /// <summary>A resource in hand by a relative or absolute reference (fetched or carried).</summary>
        public Resource? Find(string? reference)
        {
            if (reference is null)
            {
                return null;
            }

            var key = ReferenceValue.Normalize(reference);
            return All().FirstOrDefault(r => $"{r.TypeName}/{r.Id}" == key) ?? carried.Resolve(reference, -1);
        }

        public Bundle Bundle(string baseUrl)
        {
            var bundle = (Bundle)message.DeepCopy();
            foreach (var resource in All())
            {
                if (resource.Id is not null && carried.Resolve($"{resource.TypeName}/{resource.Id}", -1) is null
                    && bundle.Entry.All(e => e.Resource?.TypeName != resource.TypeName || e.Resource.Id != resource.Id))
                {
                    bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{baseUrl}/{resource.TypeName}/{resource.Id}", Resource = resource });
                }
            }

            return bundle;
        }

        private IEnumerable<Resource> All() => Focus is null ? resources : resources.Prepend(Focus);
    }
}
