using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Subscriptions;

/// <summary>Backport notification Bundles (R4 form, Subscriptions Backport IG 1.1.0) as partners send them.</summary>
internal static class Notifications
{
    public const string EhrBase = "https://ehr.example.org/fhir";

    public static Bundle Backport(string type, long eventsSinceStart, params (long Number, string Focus)[] events)
    {
        var status = new Parameters
        {
            Meta = new Meta { Profile = ["http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4"] },
        };
        status.Parameter.Add(new Parameters.ParameterComponent { Name = "subscription", Value = new ResourceReference($"{EhrBase}/Subscription/sub-1") });
        status.Parameter.Add(new Parameters.ParameterComponent { Name = "topic", Value = new Canonical("http://example.org/topic/referrals") });
        status.Parameter.Add(new Parameters.ParameterComponent { Name = "status", Value = new Code("active") });
        status.Parameter.Add(new Parameters.ParameterComponent { Name = "type", Value = new Code(type) });
        status.Parameter.Add(new Parameters.ParameterComponent { Name = "events-since-subscription-start", Value = new FhirString(eventsSinceStart.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
        foreach (var (number, focus) in events)
        {
            status.Parameter.Add(new Parameters.ParameterComponent
            {
                Name = "notification-event",
                Part =
                [
                    new Parameters.ParameterComponent { Name = "event-number", Value = new FhirString(number.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                    new Parameters.ParameterComponent { Name = "focus", Value = new ResourceReference(focus) },
                ],
            });
        }

        var bundle = new Bundle { Type = Bundle.BundleType.History, Timestamp = DateTimeOffset.UnixEpoch };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid(), Resource = status });
        foreach (var (_, focus) in events)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = focus.Split("/_history/")[0], Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = focus } });
        }

        return bundle;
    }

    public static string Json(Resource resource) => FhirJson.Serialize(resource);
}
