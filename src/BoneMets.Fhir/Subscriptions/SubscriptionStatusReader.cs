using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Subscriptions;

/// <summary>
/// The Backport IG's newer status encoding: the notification Bundle's first entry is a <c>SubscriptionStatus</c>
/// resource (as R4B and R5 servers running the Backport IG send it), not the 1.1 <c>Parameters</c>. The R4 model
/// has no such type, so its JSON is read here and turned into the equivalent Parameters, which the rest of
/// <see cref="NotificationReader"/> reads as usual. Pure.
/// </summary>
internal static class SubscriptionStatusReader
{
    /// <summary>The status as 1.1 Parameters, or null when the first entry is not a SubscriptionStatus.</summary>
    public static Parameters? FromJson(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array || entries.GetArrayLength() == 0
                || !entries[0].TryGetProperty("resource", out var status) || status.ValueKind != JsonValueKind.Object
                || Text(status, "resourceType") != "SubscriptionStatus")
            {
                return null;
            }

            var parameters = new Parameters();
            if (Reference(status, "subscription") is { } subscription)
            {
                parameters.Add("subscription", new ResourceReference(subscription));
            }

            if (Text(status, "topic") is { } topic)
            {
                parameters.Add("topic", new Canonical(topic));
            }

            Add(parameters, "status", Text(status, "status"), v => new Code(v));
            Add(parameters, "type", Text(status, "type"), v => new Code(v));
            Add(parameters, "events-since-subscription-start", Text(status, "eventsSinceSubscriptionStart"), v => new FhirString(v));
            if (status.TryGetProperty("notificationEvent", out var events) && events.ValueKind == JsonValueKind.Array)
            {
                foreach (var notified in events.EnumerateArray())
                {
                    var part = new Parameters.ParameterComponent { Name = "notification-event" };
                    if (Text(notified, "eventNumber") is { } number)
                    {
                        part.Part.Add(new Parameters.ParameterComponent { Name = "event-number", Value = new FhirString(number) });
                    }

                    if (Reference(notified, "focus") is { } focus)
                    {
                        part.Part.Add(new Parameters.ParameterComponent { Name = "focus", Value = new ResourceReference(focus) });
                    }

                    parameters.Parameter.Add(part);
                }
            }

            return parameters;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Add(Parameters parameters, string name, string? value, Func<string, DataType> type)
    {
        if (value is not null)
        {
            parameters.Add(name, type(value));
        }
    }

    /// <summary>A string, or a number written as one (eventNumber is integer64 in R5, a string in R4B).</summary>
    private static string? Text(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetInt64().ToString(CultureInfo.InvariantCulture),
            _ => null,
        };

    private static string? Reference(JsonElement element, string name) =>
        element.TryGetProperty(name, out var reference) && reference.ValueKind == JsonValueKind.Object ? Text(reference, "reference") : null;
}
