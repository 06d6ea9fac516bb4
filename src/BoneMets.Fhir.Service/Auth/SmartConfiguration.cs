using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Service.Auth;

/// <summary>
/// SMART discovery ({base}/.well-known/smart-configuration) and the CapabilityStatement's rest.security: the same token
/// endpoint, grant, authentication method, algorithms and scopes, open to anyone (they say nothing about patients).
/// </summary>
internal static class SmartConfiguration
{
    public const string OAuthUrisExtension = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    public static Dictionary<string, object> Document(AccessTokens tokens, IEnumerable<string> resourceTypes) => new()
    {
        ["issuer"] = tokens.Issuer,
        ["token_endpoint"] = tokens.TokenEndpoint,
        ["grant_types_supported"] = new[] { "client_credentials" },
        ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        ["token_endpoint_auth_signing_alg_values_supported"] = ClientAssertions.Algorithms,
        ["scopes_supported"] = ScopesSupported(resourceTypes),
        ["capabilities"] = new[] { "client-confidential-asymmetric", "permission-v2" },
    };

    public static string[] ScopesSupported(IEnumerable<string> resourceTypes) =>
        ["system/ServiceRequest.c", .. resourceTypes.Order(StringComparer.Ordinal).Select(t => $"system/{t}.rs"), "system/AuditEvent.rs"];

    public static CapabilityStatement.SecurityComponent Security(AccessTokens tokens) => new()
    {
        Cors = false,
        Service = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR")],
        Description = "SMART Backend Services: client_credentials with a private_key_jwt assertion (RS384 or ES384) at the token endpoint; " +
            "every call but metadata and .well-known/smart-configuration needs a Bearer token with the SMART v2 system scope of its interaction.",
        Extension =
        [
            new Extension { Url = OAuthUrisExtension, Extension = [new Extension("token", new FhirUri(tokens.TokenEndpoint))] },
        ],
    };
}
