using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace BoneMets.Fhir.Partners;

public enum PartnerAuthMode { None, StaticBearer, SmartBackend }

/// <summary>
/// One referring organisation. Entry "Partners:{id}" (ADR 0022); the id names the partner's HttpClients, circuit
/// breakers and log lines. Its identity (<see cref="SenderIdentifier"/>, <see cref="SourceEndpoints"/>) says which
/// messages are its; the rest concerns its FHIR server, which a partner that only posts messages does not have.
/// </summary>
public sealed class PartnerOptions
{
    /// <summary>
    /// The partner's FHIR base URL (absolute http(s), no trailing slash). Optional: without it the partner only posts
    /// messages — its referrals are gathered from the message alone, and it can have no Subscription (nor poll) and no
    /// WriteBack to a FHIR server; its Tasks stay readable at this service's /fhir/Task for its client.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// "system|value" of the referring Organization (MessageHeader.sender's identifier) that names this partner.
    /// Optional: a partner may instead be named by its source endpoint or be the default.
    /// </summary>
    public string? SenderIdentifier { get; set; }

    /// <summary>MessageHeader.source.endpoint values that name this partner. Optional.</summary>
    public List<string> SourceEndpoints { get; set; } = [];

    public PartnerAuthOptions Auth { get; set; } = new();

    public PartnerLimitOptions Limits { get; set; } = new();

    /// <summary>Referrals this partner exposes on its server: subscription and reconciliation poll. Null: gathered from only.</summary>
    public PartnerSubscriptionOptions? Subscription { get; set; }

    /// <summary>Writing the program's answer back to this partner (docs/write-back.md). Off by default.</summary>
    public PartnerWriteBackOptions WriteBack { get; set; } = new();

    /// <summary>The FHIR base gathering, references-only fetches and subscriptions use; only for a partner that has one.</summary>
    internal string Server => BaseUrl ?? throw new InvalidOperationException("A partner without BaseUrl has no FHIR server (validated at startup).");

    internal IEnumerable<string> Problems(string at)
    {
        if (BaseUrl is not null && (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || BaseUrl.EndsWith('/')))
        {
            yield return $"{at}:BaseUrl '{BaseUrl}' must be an absolute http(s) URL without a trailing slash.";
        }

        if (BaseUrl is null)
        {
            // A message-only partner: everything that talks to its FHIR server needs one.
            if (Subscription is not null)
            {
                yield return $"{at}:Subscription needs {at}:BaseUrl: the subscription and the reconciliation poll run on the partner's FHIR server. Set BaseUrl or remove Subscription.";
            }

            if (WriteBack.Enabled && WriteBack.BaseUrl is null)
            {
                yield return $"{at}:WriteBack:Enabled needs {at}:BaseUrl (or {at}:WriteBack:BaseUrl): write-back goes to the partner's FHIR server.";
            }

            if (Auth.Mode == PartnerAuthMode.SmartBackend && Auth.TokenUrl is null)
            {
                yield return $"{at}:Auth:TokenUrl is required without {at}:BaseUrl: it cannot be read from the partner's .well-known/smart-configuration.";
            }
        }

        if (SenderIdentifier is { } sender && (sender.Split('|') is not [{ Length: > 0 }, { Length: > 0 }]))
        {
            yield return $"{at}:SenderIdentifier must read 'system|value'.";
        }

        foreach (var problem in Auth.Problems(at + ":Auth").Concat(Limits.Problems(at + ":Limits")).Concat(WriteBack.Problems(at + ":WriteBack"))
            .Concat(Subscription?.Problems(at + ":Subscription") ?? []))
        {
            yield return problem;
        }
    }
}

/// <summary>How the service authenticates to a partner. Default: no authentication.</summary>
public sealed class PartnerAuthOptions
{
    public PartnerAuthMode Mode { get; set; } = PartnerAuthMode.None;

    /// <summary>StaticBearer: the token sent as-is (testing only).</summary>
    public string? BearerToken { get; set; }

    /// <summary>SmartBackend: the client id registered with the partner (iss and sub of the assertion).</summary>
    public string? ClientId { get; set; }

    /// <summary>SmartBackend: the token endpoint. Optional: read from {BaseUrl}/.well-known/smart-configuration when absent.</summary>
    public string? TokenUrl { get; set; }

    /// <summary>SmartBackend: path of the PEM private key (PKCS#8, RSA for RS384 or P-384 EC for ES384).</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>SmartBackend: RS384 or ES384. Default RS384.</summary>
    public string Algorithm { get; set; } = "RS384";

    /// <summary>SmartBackend: the key id in the JWKS the partner holds (JWT header "kid").</summary>
    public string? KeyId { get; set; }

    /// <summary>SmartBackend: system/ scopes asked for. Default the reads gathering needs.</summary>
    public string Scopes { get; set; } =
        "system/Patient.rs system/Condition.rs system/Observation.rs system/DiagnosticReport.rs system/ImagingStudy.rs system/ServiceRequest.rs system/Task.rs";

    internal IEnumerable<string> Problems(string at)
    {
        if (Mode == PartnerAuthMode.StaticBearer && string.IsNullOrWhiteSpace(BearerToken))
        {
            yield return $"{at}:BearerToken is required when Mode is StaticBearer.";
        }

        if (Mode != PartnerAuthMode.SmartBackend)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return $"{at}:ClientId is required when Mode is SmartBackend.";
        }

        if (TokenUrl is not null && !Uri.TryCreate(TokenUrl, UriKind.Absolute, out _))
        {
            yield return $"{at}:TokenUrl '{TokenUrl}' must be an absolute URL.";
        }

        if (string.IsNullOrWhiteSpace(KeyId))
        {
            yield return $"{at}:KeyId is required when Mode is SmartBackend (the assertion's 'kid').";
        }

        if (Algorithm is not ("RS384" or "ES384"))
        {
            yield return $"{at}:Algorithm '{Algorithm}' must be RS384 or ES384.";
        }
        else if (string.IsNullOrWhiteSpace(PrivateKeyPath) || !File.Exists(PrivateKeyPath))
        {
            yield return $"{at}:PrivateKeyPath '{PrivateKeyPath}' must name a readable PEM file.";
        }
        else if (KeyProblem() is { } problem)
        {
            yield return $"{at}:PrivateKeyPath: {problem}";
        }
    }

    private string? KeyProblem()
    {
        var pem = File.ReadAllText(PrivateKeyPath!);
        try
        {
            if (Algorithm == "RS384")
            {
                using var rsa = RSA.Create();
                rsa.ImportFromPem(pem);
                return rsa.KeySize < 2048 ? "an RS384 key must be RSA of at least 2048 bits." : null;
            }

            using var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return ec.KeySize != 384 ? "an ES384 key must be on the P-384 curve." : null;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return $"the file holds no {(Algorithm == "RS384" ? "RSA" : "EC")} private key.";
        }
    }
}

/// <summary>How hard the service may press a partner, and how long it waits.</summary>
public sealed class PartnerLimitOptions
{
    /// <summary>Requests in flight to this partner at once. Default 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Requests per second to this partner. Default 20.</summary>
    public int RequestsPerSecond { get; set; } = 20;

    /// <summary>Timeout of one attempt. Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of a request with all its retries. Default 60 s.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of a safe request after the first attempt. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay, doubled each time, with jitter; a Retry-After header wins. Default 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest Retry-After the service waits inside one request; longer defers the referral. Default 30 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failure ratio over the sampling window that opens the circuit. Default 0.5.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Requests in the sampling window before the circuit may open. Default 10.</summary>
    public int CircuitMinimumThroughput { get; set; } = 10;

    /// <summary>The circuit's sampling window. Default 30 s.</summary>
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before one trial request. Default 30 s.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Search pages followed per search (next links). Default 5.</summary>
    public int MaxPages { get; set; } = 5;

    /// <summary>Resources gathered per referral; more are recorded as a gap. Default 500.</summary>
    public int MaxResources { get; set; } = 500;

    internal IEnumerable<string> Problems(string at)
    {
        if (MaxConcurrency is < 1 or > 256) yield return $"{at}:MaxConcurrency must be 1..256.";
        if (RequestsPerSecond is < 1 or > 10_000) yield return $"{at}:RequestsPerSecond must be 1..10000.";
        if (AttemptTimeout <= TimeSpan.Zero || TotalTimeout < AttemptTimeout) yield return $"{at}: AttemptTimeout must be positive and TotalTimeout at least AttemptTimeout.";
        if (MaxRetries is < 0 or > 10) yield return $"{at}:MaxRetries must be 0..10.";
        if (RetryBaseDelay < TimeSpan.Zero) yield return $"{at}:RetryBaseDelay must not be negative.";
        if (CircuitFailureRatio is <= 0 or > 1) yield return $"{at}:CircuitFailureRatio must be in (0, 1].";
        if (CircuitMinimumThroughput < 2) yield return $"{at}:CircuitMinimumThroughput must be at least 2.";
        if (CircuitSamplingDuration < TimeSpan.FromMilliseconds(500)) yield return $"{at}:CircuitSamplingDuration must be at least 0.5 s.";
        if (CircuitBreakDuration < TimeSpan.FromMilliseconds(500)) yield return $"{at}:CircuitBreakDuration must be at least 0.5 s.";
        if (MaxPages is < 1 or > 100) yield return $"{at}:MaxPages must be 1..100.";
        if (MaxResources is < 1 or > 100_000) yield return $"{at}:MaxResources must be 1..100000.";
    }
}
