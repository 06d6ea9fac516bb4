using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using FhirTask = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Tests.Intake;

public class ReferralMessageReaderTests
{
    [Theory]
    [InlineData("01", true, "https://fhir.northfield.example.org/identifier/referral|REF-2025-04417")]
    [InlineData("02", true, "https://fhir.riverside.example.org/identifier/referral|RSR-88213")]
    [InlineData("03", true, "https://fhir.lakeshore.example.org/identifier/referral|LCC-R-30552")]
    [InlineData("04", false, "https://fhir.harbourview.example.org/identifier/referral|HOC-2025-1189")]
    [InlineData("05", true, "https://fhir.greenvale.example.org/identifier/referral|GHO-R-7714")]
    [InlineData("06", true, "https://fhir.westbrook.example.org/identifier/referral|WCH-R-2291")]
    [InlineData("07", true, "https://fhir.kingsmere.example.org/identifier/referral|KUH-R-61187")]
    [InlineData("08", false, "https://fhir.westbrook.example.org/identifier/referral|WCH-R-2317")]
    [InlineData("09", true, "https://fhir.riverside.example.org/identifier/referral|RSR-88342")]
    [InlineData("10", true, "https://fhir.lakeshore.example.org/identifier/referral|LCC-R-30618")]
    public void Read_ValidSample_FindsReferralPartsAndPlacerKey(string number, bool hasTask, string placer)
    {
        var bundle = Stages.Bundle(Samples.Referral(number));

        var result = ReferralMessageReader.Read(bundle);

        Assert.Empty(result.Issues);
        var message = Assert.IsType<ReferralMessage>(result.Message);
        Assert.Same(bundle.Entry[0].Resource, message.Header);
        Assert.Same(Stages.Only<ServiceRequest>(bundle), message.ServiceRequest);
        Assert.Same(Stages.Only<Patient>(bundle), message.Patient);
        Assert.Equal(hasTask, message.ReferralTask is not null);
        Assert.Equal(hasTask ? bundle.Entry[1].Resource : null, message.ReferralTask);
        Assert.Equal("identifier|" + placer, message.ReferralKey);
        Assert.Equal(bundle.Id, message.BundleId);
        Assert.Equal(bundle.Entry.Count, message.Resources.Count);
    }

    [Theory]
    [MemberData(nameof(Samples.ManifestData), MemberType = typeof(Samples))]
    public void ParseThenRead_InvalidSample_FirstIssueMatchesManifest(string file)
    {
        var expected = Samples.Manifest().Single(m => m.File == file);

        // As intake reads: the strict reader first, then Firely, then the contract.
        var json = Samples.Read("invalid/" + file);
        var parsed = FhirJson.TryParse(json);
        var issues = StrictJson.Check(System.Text.Encoding.UTF8.GetBytes(json), new BoneMets.Fhir.Fhir.InputLimitsOptions()) is { } refused ? [refused.ToIssue()]
            : parsed.Succeeded ? ReferralMessageReader.Read(parsed.Resource!).Issues : parsed.Issues;

        Assert.NotEmpty(issues);
        Assert.All(issues, i => Assert.Equal(OperationOutcome.IssueSeverity.Error, i.Severity));
        var first = issues[0];
        Assert.Equal(expected.Code, first.Code?.GetLiteral());
        if (expected.ExpressionContains is { } part)
        {
            Assert.Contains(part, Assert.Single(first.Expression), StringComparison.Ordinal);
        }
        else if (expected.Expression is null)
        {
            Assert.Empty(first.Expression);
        }
        else
        {
            Assert.Equal(expected.Expression, Assert.Single(first.Expression));
        }
    }

    [Fact]
    public void Read_MissingPatient_AlsoReportsEveryDanglingReference()
    {
        var bundle = Stages.Bundle(Samples.Read("invalid/missing-patient.json"));

        var issues = ReferralMessageReader.Read(bundle).Issues;

        Assert.Equal(IssueType.Required, issues[0].Code);
        // Task.for, ServiceRequest.subject and the subject of each of the 11 clinical resources that follow.
        Assert.Equal(13, issues.Count(i => i.Code == IssueType.NotFound));
        Assert.Contains(issues, i => i.Expression.SequenceEqual(["Bundle.entry[1].resource.for"]));
        Assert.Contains(issues, i => i.Expression.SequenceEqual(["Bundle.entry[2].resource.subject"]));
    }

    [Fact]
    public void Read_TwoBreakages_ReportsBothAtOnce()
    {
        var bundle = Stages.Bundle(Samples.Referral("01"));
        bundle.Id = null;
        Stages.Entry<MessageHeader>(bundle, 0).Event = new Coding("http://terminology.hl7.org/CodeSystem/v2-0003", "A01");

        var result = ReferralMessageReader.Read(bundle);

        Assert.Null(result.Message);
        Assert.Equal(
            [(IssueType.Required, "Bundle.id"), (IssueType.NotSupported, "Bundle.entry[0].resource.event")],
            result.Issues.Select(i => (i.Code!.Value, i.Expression.Single())));
    }

    [Fact]
    public void Read_RelativeReferenceByTypeAndId_ResolvesToThatEntry()
    {
        var bundle = Stages.Bundle(Samples.Referral("04"));
        var patient = Stages.Only<Patient>(bundle);
        patient.Id = "123";
        var serviceRequest = Stages.Only<ServiceRequest>(bundle);
        serviceRequest.Subject = new ResourceReference("Patient/123");

        var result = ReferralMessageReader.Read(bundle);

        Assert.Empty(result.Issues);
        Assert.Same(patient, result.Message!.Patient);
    }

    [Fact]
    public void Read_RelativeReferenceToAbsentResource_NotFoundAtItsPath()
    {
        var bundle = Stages.Bundle(Samples.Referral("04"));
        var serviceRequest = Stages.Entry<ServiceRequest>(bundle, 1);
        serviceRequest.Performer = [new ResourceReference("Practitioner/999")];

        var issue = Assert.Single(ReferralMessageReader.Read(bundle).Issues);

        Assert.Equal(IssueType.NotFound, issue.Code);
        Assert.Equal("Bundle.entry[1].resource.performer[0]", Assert.Single(issue.Expression));
    }

    [Fact]
    public void Read_ContainedReference_IsNotCheckedAgainstTheBundle()
    {
        var bundle = Stages.Bundle(Samples.Referral("04"));
        var serviceRequest = Stages.Entry<ServiceRequest>(bundle, 1);
        serviceRequest.Contained = [new Practitioner { Id = "x" }];
        serviceRequest.Performer = [new ResourceReference("#x")];

        var result = ReferralMessageReader.Read(bundle);

        Assert.Empty(result.Issues);
        Assert.NotNull(result.Message);
    }

    [Fact]
    public void Read_HeaderFocusOnPatient_InvalidFocus()
    {
        var bundle = Stages.Bundle(Samples.Referral("04"));
        Stages.Entry<MessageHeader>(bundle, 0).Focus = [new ResourceReference(bundle.Entry[2].FullUrl)];

        var issue = Assert.Single(ReferralMessageReader.Read(bundle).Issues);

        Assert.Equal(IssueType.Invalid, issue.Code);
        Assert.Equal("Bundle.entry[0].resource.focus[0]", Assert.Single(issue.Expression));
    }

    [Fact]
    public void Read_TaskWithoutFocus_RequiredAtTaskFocus()
    {
        var bundle = Stages.Bundle(Samples.Referral("01"));
        Stages.Entry<FhirTask>(bundle, 1).Focus = null;

        var result = ReferralMessageReader.Read(bundle);

        Assert.Null(result.Message);
        Assert.Contains(result.Issues, i => i.Code == IssueType.Required && i.Expression.SequenceEqual(["Bundle.entry[1].resource.focus"]));
    }

    [Fact]
    public void Read_EntryWithoutResource_RequiredAtThatEntry()
    {
        var bundle = Stages.Bundle(Samples.Referral("04"));
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:00000000-0000-0000-0000-000000000001" });

        var issue = Assert.Single(ReferralMessageReader.Read(bundle).Issues);

        Assert.Equal(IssueType.Required, issue.Code);
        Assert.Equal($"Bundle.entry[{bundle.Entry.Count - 1}].resource", Assert.Single(issue.Expression));
    }

    [Fact]
    public void ReferralKey_NoIdentifier_FallsBackToServiceRequestId()
    {
        var bundle = Stages.Bundle(Samples.Referral("04"));
        var serviceRequest = Stages.Entry<ServiceRequest>(bundle, 1);
        serviceRequest.Identifier = [];

        Assert.Equal($"ServiceRequest/{serviceRequest.Id}", Stages.Read(bundle).ReferralKey);
    }

    [Fact]
    public void ReferralKey_PlacerAfterOtherIdentifier_UsesPlacer()
    {
        var bundle = Stages.Bundle(Samples.Referral("04"));
        var serviceRequest = Stages.Entry<ServiceRequest>(bundle, 1);
        serviceRequest.Identifier.Insert(0, new Identifier("http://other.example.org/id", "OTHER-1"));

        Assert.Equal("identifier|https://fhir.harbourview.example.org/identifier/referral|HOC-2025-1189", Stages.Read(bundle).ReferralKey);
    }
}
