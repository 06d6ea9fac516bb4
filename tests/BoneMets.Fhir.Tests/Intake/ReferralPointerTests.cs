using BoneMets.Fhir.Intake;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Intake;

public sealed class ReferralPointerTests
{
    private const string Sr = "https://ehr.example.org/fhir/ServiceRequest/123";

    [Theory]
    [InlineData(Sr, "https://ehr.example.org/fhir", "ServiceRequest", "123", null)]
    [InlineData("https://ehr.example.org/fhir/Task/abc", "https://ehr.example.org/fhir", "Task", "abc", null)]
    [InlineData("http://ehr.example.org/r4/fhir/ServiceRequest/123/_history/4", "http://ehr.example.org/r4/fhir", "ServiceRequest", "123", "4")]
    public void Parse_AbsoluteTaskOrServiceRequestUrl_BaseTypeIdAndVersion(string url, string baseUrl, string type, string id, string? version)
    {
        var pointer = ReferralPointer.Parse(url)!;

        Assert.Equal((baseUrl, type, id, version), (pointer.BaseUrl, pointer.Type, pointer.Id, pointer.VersionId));
        Assert.Equal($"{baseUrl}/{type}/{id}", pointer.Url);
        Assert.Equal("remote|" + pointer.Url, pointer.InboxKey);
    }

    [Theory]
    [InlineData("ServiceRequest/123")]
    [InlineData("urn:uuid:0e7b2d9e-5a43-4c4c-9a1e-1f3c1b0f0b6a")]
    [InlineData("https://ehr.example.org/fhir/Patient/123")]
    [InlineData("https://ehr.example.org/fhir/ServiceRequest?_id=123")]
    [InlineData("ftp://ehr.example.org/fhir/ServiceRequest/123")]
    [InlineData("https://ehr.example.org/fhir/ServiceRequest/1$2")]
    public void Parse_NotAnAbsoluteReferralUrl_Null(string reference) => Assert.Null(ReferralPointer.Parse(reference));

    [Fact]
    public void Message_SameUrlAndVersion_SameBundleAndHeaderIds()
    {
        var first = ReferralPointers.Message(Sr, "4", Stages.Now, "https://iface.example.org");
        var again = ReferralPointers.Message(Sr, "4", Stages.Now.AddHours(1), "https://other.example.org");
        var next = ReferralPointers.Message(Sr, "5", Stages.Now, "https://iface.example.org");
        var unversioned = ReferralPointers.Message(Sr, null, Stages.Now, "https://iface.example.org");

        Assert.Equal((first.Id, first.Entry[0].Resource.Id), (again.Id, again.Entry[0].Resource.Id));
        Assert.NotEqual(first.Id, next.Id);
        Assert.NotEqual(first.Entry[0].Resource.Id, next.Entry[0].Resource.Id);
        Assert.NotEqual(first.Id, unversioned.Id);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", first.Id);
    }

    [Fact]
    public void Message_Versioned_ReadsAsAReferencesOnlyReferralFocusingTheVersion()
    {
        var bundle = ReferralPointers.Message(Sr, "4", Stages.Now, "https://iface.example.org");

        var read = ReferralMessageReader.Read(bundle);

        Assert.DoesNotContain(read.Issues, i => i.Severity == OperationOutcome.IssueSeverity.Error);
        Assert.Null(read.Message);
        var pointer = read.ReferencesOnly!;
        Assert.Equal((Sr, "4"), (pointer.Focus.Url, pointer.Focus.VersionId));
        Assert.Equal(Sr + "/_history/4", pointer.Header.Focus.Single().Reference);
        Assert.Equal((bundle.Id, bundle.Entry[0].Resource.Id), (pointer.BundleId, pointer.HeaderId));
    }

    [Fact]
    public void Message_SampleEleven_IsWhatTheBuilderMakes()
    {
        var sample = Stages.Bundle(Samples.Referral("11"));
        var header = Stages.Entry<MessageHeader>(sample, 0);

        var built = ReferralPointers.Message(header.Focus[0].Reference, null, sample.Timestamp!.Value, header.Source.Endpoint);

        Assert.Equal(sample.Id, built.Id);
        Assert.True(built.Matches(sample), "the builder's message differs from samples/referrals/11");
    }

    [Fact]
    public void Message_VersionDisagreesWithTheUrl_Throws() =>
        Assert.Throws<ArgumentException>(() => ReferralPointers.Message(Sr + "/_history/4", "5", Stages.Now, "https://iface.example.org"));
}
