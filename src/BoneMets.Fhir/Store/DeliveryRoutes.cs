namespace BoneMets.Fhir.Store;

/// <summary>Where a references-only referral's write-back goes once it is fetched (pure; both stores apply it).</summary>
internal static class DeliveryRoutes
{
    /// <summary>
    /// The route recorded at intake was keyed on the item's pointer (with any reply endpoint the sender asked for); once
    /// fetched, the referral's own key takes over, with the partner's references learnt from what was fetched and the
    /// reply endpoint, request header and source kept from intake. Null when neither is known.
    /// </summary>
    public static DeliveryRoute? Resolved(ResolvedRoute resolved, DeliveryRoute? atIntake) => (resolved.Route, atIntake) switch
    {
        ({ } learnt, { } intake) => learnt with
        {
            ReferralKey = resolved.ReferralKey,
            FhirBase = learnt.FhirBase ?? intake.FhirBase,
            ReplyEndpoint = intake.ReplyEndpoint ?? learnt.ReplyEndpoint,
            RequestHeaderId = intake.RequestHeaderId ?? learnt.RequestHeaderId,
            SourceEndpoint = intake.SourceEndpoint ?? learnt.SourceEndpoint,
        },
        ({ } learnt, null) => learnt with { ReferralKey = resolved.ReferralKey },
        (null, { } intake) => intake with { ReferralKey = resolved.ReferralKey },
        _ => null,
    };
}
