using BoneMets.Fhir.Gather;

namespace BoneMets.Fhir.Tests.Gather;

public sealed class PartnerLinksTests
{
    private const string Base = "https://ehr.westbrook.example.org/fhir";

    [Theory]
    // Absolute on the base, as Firely and the project's stubs write them.
    [InlineData("https://ehr.westbrook.example.org/fhir/ServiceRequest?_lastUpdated=ge2026&_offset=100", "https://ehr.westbrook.example.org/fhir/ServiceRequest?_lastUpdated=ge2026&_offset=100")]
    // HAPI: the query on the base itself.
    [InlineData("https://ehr.westbrook.example.org/fhir?_getpages=4f1c&_getpagesoffset=100&_count=100&_bundletype=searchset", "https://ehr.westbrook.example.org/fhir?_getpages=4f1c&_getpagesoffset=100&_count=100&_bundletype=searchset")]
    // Path-style.
    [InlineData("https://ehr.westbrook.example.org/fhir/ServiceRequest/_search?page=2", "https://ehr.westbrook.example.org/fhir/ServiceRequest/_search?page=2")]
    [InlineData("https://ehr.westbrook.example.org/fhir/_page/abc/2", "https://ehr.westbrook.example.org/fhir/_page/abc/2")]
    // Case-insensitive scheme and host, the default port written out, a trailing slash on the base.
    [InlineData("HTTPS://EHR.Westbrook.Example.ORG/fhir/ServiceRequest?page=2", "https://ehr.westbrook.example.org/fhir/ServiceRequest?page=2")]
    [InlineData("https://ehr.westbrook.example.org:443/fhir?_getpages=x", "https://ehr.westbrook.example.org/fhir?_getpages=x")]
    [InlineData("https://ehr.westbrook.example.org/fhir/", "https://ehr.westbrook.example.org/fhir/")]
    // Relative to the base: a type, a bare query (HAPI), a path from the server root.
    [InlineData("ServiceRequest?page=2", "https://ehr.westbrook.example.org/fhir/ServiceRequest?page=2")]
    [InlineData("?_getpages=x&_getpagesoffset=4", "https://ehr.westbrook.example.org/fhir?_getpages=x&_getpagesoffset=4")]
    [InlineData("/fhir/_page/abc/2", "https://ehr.westbrook.example.org/fhir/_page/abc/2")]
    public void Resolve_LinkOnThePartnersBase_IsFollowedAtItsAbsoluteUrl(string link, string expected)
    {
        Assert.Equal(new Uri(expected), PartnerLinks.Resolve(Base, link));
        Assert.Equal(new Uri(expected), PartnerLinks.Resolve(Base + "/", link));
    }

    [Theory]
    [InlineData("https://other.example.org/fhir/ServiceRequest?page=2")] // another host
    [InlineData("https://ehr.westbrook.example.org.evil.example/fhir?_getpages=x")] // a host that only starts like it
    [InlineData("http://ehr.westbrook.example.org/fhir?_getpages=x")] // another scheme
    [InlineData("https://ehr.westbrook.example.org:8443/fhir?_getpages=x")] // another port
    [InlineData("https://ehr.westbrook.example.org/fhir2/ServiceRequest?page=2")] // a path that only starts like the base
    [InlineData("https://ehr.westbrook.example.org/other/ServiceRequest?page=2")] // outside the base path
    [InlineData("https://ehr.westbrook.example.org/FHIR/ServiceRequest?page=2")] // paths are case-sensitive
    [InlineData("/other/_page/2")] // relative, but outside the base
    [InlineData("../other/ServiceRequest")]
    [InlineData("//other.example.org/fhir/ServiceRequest")] // protocol-relative to another host
    [InlineData("ftp://ehr.westbrook.example.org/fhir/x")]
    [InlineData("")]
    [InlineData(null)]
    public void Resolve_LinkOutsideThePartnersBase_IsRefused(string? link) => Assert.Null(PartnerLinks.Resolve(Base, link));

    [Fact]
    public void Resolve_BaseAtTheServerRoot_AcceptsAnyPathOnTheOrigin()
    {
        Assert.Equal(new Uri("http://localhost:5123/?_getpages=x"), PartnerLinks.Resolve("http://localhost:5123", "http://LOCALHOST:5123/?_getpages=x"));
        Assert.Null(PartnerLinks.Resolve("http://localhost:5123", "http://127.0.0.1:5123/?_getpages=x"));
    }

    [Theory]
    [InlineData("https://other.example.org/fhir/Patient/123?name=x", "https://other.example.org")]
    [InlineData("http://other.example.org:8080/fhir", "http://other.example.org:8080")]
    [InlineData("Patient?name=x", "(relative)")]
    public void Origin_NamesTheServerOnly_NoPathOrQuery(string link, string expected) => Assert.Equal(expected, PartnerLinks.Origin(link));
}
