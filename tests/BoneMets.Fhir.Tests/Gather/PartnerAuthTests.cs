using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Options;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Task = System.Threading.Tasks.Task;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Gather;

/// <summary>SMART Backend Services and the static bearer, against a stub token endpoint and FHIR API.</summary>
public sealed class PartnerAuthTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly PartnerStub stub = new();
    private readonly string keyFile = Path.GetTempFileName();

    public void Dispose()
    {
        stub.Dispose();
        File.Delete(keyFile);
    }

    private string TokenUrl => stub.Server.Url + "/auth/token";

    private PartnerAuthOptions Smart(string algorithm)
    {
        if (algorithm == "ES384")
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            File.WriteAllText(keyFile, ec.ExportPkcs8PrivateKeyPem());
        }
        else
        {
            using var rsa = RSA.Create(2048);
            File.WriteAllText(keyFile, rsa.ExportPkcs8PrivateKeyPem());
        }

        return new PartnerAuthOptions
        {
            Mode = PartnerAuthMode.SmartBackend, ClientId = "bonemets-client", TokenUrl = TokenUrl, PrivateKeyPath = keyFile,
            Algorithm = algorithm, KeyId = "key-1", Scopes = "system/Patient.rs system/Observation.rs",
        };
    }

    private void TokensInTurn(params string[] tokens)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            var mapping = stub.Server.Given(Request.Create().WithPath("/auth/token").UsingPost()).InScenario("tokens");
            (i == 0 ? mapping : mapping.WhenStateIs($"issued-{i}")).WillSetStateTo($"issued-{i + 1}")
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                    .WithBody($$"""{"access_token":"{{tokens[i]}}","token_type":"bearer","expires_in":300,"scope":"system/Patient.rs"}"""));
        }
    }

    private void PatientFor(string token, int status) => stub.Server.Given(Request.Create().WithPath("/fhir/Patient/p1").UsingGet()
        .WithHeader("Authorization", "Bearer " + token)).RespondWith(PartnerStub.Respond(status, status == 200 ? new Patient { Id = "p1" } : null));

    private static (GatherHost Host, PartnerFhir Fhir) Host(PartnerStub stub, PartnerAuthOptions auth, TimeProvider? clock = null)
    {
        var partner = GatherHost.Partner(stub.BaseUrl);
        partner.Auth = auth;
        var host = new GatherHost(new PartnersOptions { ["westbrook"] = partner }, clock);
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(PartnerHttp.ClientName("westbrook"));
        return (host, new PartnerFhir(new Partner("westbrook", partner), client, clock ?? TimeProvider.System));
    }

    private IReadOnlyDictionary<string, string> TokenRequest(int n) => stub.Requests.Where(r => r.RequestMessage.Path == "/auth/token")
        .ElementAt(n).RequestMessage.Body!.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));

    [Theory]
    [InlineData("RS384")]
    [InlineData("ES384")]
    public async Task Smart_SignsAnAssertionTheTokenEndpointCanVerify(string algorithm)
    {
        var auth = Smart(algorithm);
        TokensInTurn("t1");
        PatientFor("t1", 200);
        var (host, fhir) = Host(stub, auth);
        using var _ = host;

        Assert.True((await fhir.GetAsync("Patient/p1", None)).Ok);

        var form = TokenRequest(0);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("system/Patient.rs system/Observation.rs", form["scope"]);
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
        var parts = form["client_assertion"].Split('.');
        using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
        using var claims = JsonDocument.Parse(FromBase64Url(parts[1]));
        Assert.Equal(algorithm, header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("key-1", header.RootElement.GetProperty("kid").GetString());
        Assert.Equal("bonemets-client", claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal("bonemets-client", claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal(TokenUrl, claims.RootElement.GetProperty("aud").GetString());
        Assert.False(string.IsNullOrEmpty(claims.RootElement.GetProperty("jti").GetString()));
        var exp = DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("exp").GetInt64());
        Assert.InRange(exp - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(5));

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        var signature = FromBase64Url(parts[2]);
        var pem = File.ReadAllText(keyFile);
        if (algorithm == "ES384")
        {
            using var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            Assert.True(ec.VerifyData(signed, signature, HashAlgorithmName.SHA384));
        }
        else
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            Assert.True(rsa.VerifyData(signed, signature, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1));
        }
    }

    [Fact]
    public async Task Smart_TokenIsCachedUntilShortlyBeforeItExpires()
    {
        TokensInTurn("t1", "t2");
        PatientFor("t1", 200);
        PatientFor("t2", 200);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (host, fhir) = Host(stub, Smart("RS384"), clock);
        using var _ = host;

        await fhir.GetAsync("Patient/p1", None);
        clock.Advance(TimeSpan.FromSeconds(260));
        await fhir.GetAsync("Patient/p1", None);
        Assert.Single(stub.Requests, r => r.RequestMessage.Path == "/auth/token");

        clock.Advance(TimeSpan.FromSeconds(15)); // 275 s: within 30 s of the 300 s expiry
        await fhir.GetAsync("Patient/p1", None);
        Assert.Equal(2, stub.Requests.Count(r => r.RequestMessage.Path == "/auth/token"));
    }

    [Fact]
    public async Task Smart_401_ReauthenticatesOnceAndResends()
    {
        TokensInTurn("revoked", "fresh");
        PatientFor("revoked", 401);
        PatientFor("fresh", 200);
        var (host, fhir) = Host(stub, Smart("RS384"));
        using var _ = host;

        Assert.True((await fhir.GetAsync("Patient/p1", None)).Ok);
        Assert.Equal(["/auth/token", "/fhir/Patient/p1", "/auth/token", "/fhir/Patient/p1"], stub.Requests.Select(r => r.RequestMessage.Path));
    }

    [Fact]
    public async Task Smart_Second401_IsThePartnersAnswer()
    {
        TokensInTurn("a", "b", "c");
        PatientFor("a", 401);
        PatientFor("b", 401);
        var (host, fhir) = Host(stub, Smart("RS384"));
        using var _ = host;

        Assert.Equal(401, (await fhir.GetAsync("Patient/p1", None)).Status);
        Assert.Equal(2, stub.Requests.Count(r => r.RequestMessage.Path == "/auth/token"));
    }

    [Fact]
    public async Task Smart_TokenEndpointDown_PartnerUnavailable_TokenRefused_AuthenticationFailure()
    {
        var (host, fhir) = Host(stub, Smart("ES384"));
        using var _ = host;

        stub.Server.Given(Request.Create().WithPath("/auth/token").UsingPost()).AtPriority(5).RespondWith(Response.Create().WithStatusCode(503));
        await Assert.ThrowsAsync<PartnerUnavailableException>(() => fhir.GetAsync("Patient/p1", None));

        stub.Server.Given(Request.Create().WithPath("/auth/token").UsingPost()).AtPriority(1).RespondWith(Response.Create().WithStatusCode(400));
        var refused = await Assert.ThrowsAsync<PartnerAuthenticationException>(() => fhir.GetAsync("Patient/p1", None));
        Assert.Equal("Partner 'westbrook' authentication failed: the token endpoint answered 400.", refused.Message);
    }

    [Fact]
    public async Task StaticBearer_SendsTheConfiguredToken()
    {
        PatientFor("test-token", 200);
        var (host, fhir) = Host(stub, new PartnerAuthOptions { Mode = PartnerAuthMode.StaticBearer, BearerToken = "test-token" });
        using var _ = host;

        Assert.True((await fhir.GetAsync("Patient/p1", None)).Ok);
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
