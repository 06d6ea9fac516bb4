using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using FhirTask = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Tests.Case;

public class MessageLocalizerTests
{
    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public void Localize_Sample_EveryInternalReferenceBecomesTypeSlashId(string name)
    {
        var message = Stages.Message(name);

        var copies = MessageLocalizer.Localize(message);

        var local = copies.Select(r => $"{r.TypeName}/{r.Id}").ToHashSet(StringComparer.Ordinal);
        var references = copies.SelectMany(r => ReferenceWalker.Walk(r, r.TypeName)).Select(x => x.Reference.Reference).OfType<string>().ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, local));
        Assert.Equal(message.Bundle.Entry.Count, copies.Count);
    }

    [Fact]
    public void Localize_Sample01_RewritesUrnUuidToTheTargetsTypeAndId()
    {
        var message = Stages.Message("01");

        var copies = MessageLocalizer.Localize(message);

        var task = Assert.IsType<FhirTask>(copies[1]);
        var serviceRequest = Assert.IsType<ServiceRequest>(copies[2]);
        Assert.Equal("ServiceRequest/fe57d3bd-b0ac-44dd-aeb2-5308cf65cc07", task.Focus?.Reference);
        Assert.Equal("Patient/7b45dc81-abc2-4243-a4bc-23b0a34ef723", serviceRequest.Subject.Reference);
        Assert.Equal("MessageHeader/70d70608-59ed-4d12-a074-1a40667da695", $"{copies[0].TypeName}/{copies[0].Id}");
    }

    [Fact]
    public void Localize_OriginalsUntouched_CopiesReturned()
    {
        var message = Stages.Message("01");
        message.ServiceRequest.Meta = new Meta { VersionId = "7" };
        var before = FhirJson.Serialize(message.Bundle);

        var copies = MessageLocalizer.Localize(message);

        Assert.Equal(before, FhirJson.Serialize(message.Bundle));
        Assert.Equal("urn:uuid:7b45dc81-abc2-4243-a4bc-23b0a34ef723", message.ServiceRequest.Subject.Reference);
        Assert.All(copies.Zip(message.Bundle.Entry), pair => Assert.NotSame(pair.Second.Resource, pair.First));
        Assert.Null(copies[2].Meta); // versionId and lastUpdated are this server's to assign
    }

    [Fact]
    public void Localize_ResourceWithoutId_TakesTheUuidOfItsFullUrl()
    {
        var message = Stages.Message("04");
        message.Patient.Id = null;

        var copies = MessageLocalizer.Localize(message);

        var patient = copies.OfType<Patient>().Single();
        Assert.Equal("5bb74ec3-8736-4f8c-9301-b345d620e27d", patient.Id);
        Assert.Equal("Patient/5bb74ec3-8736-4f8c-9301-b345d620e27d", copies.OfType<ServiceRequest>().Single().Subject.Reference);
        Assert.Equal("5bb74ec3-8736-4f8c-9301-b345d620e27d", MessageLocalizer.LocalId(message, message.Patient));
    }

    [Fact]
    public void Localize_NeitherIdNorUuidFullUrl_DeterministicIdFromBundleAndPosition()
    {
        var message = Stages.Message("04");
        message.Bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "http://ehr.example.org/fhir/Basic/b", Resource = new Basic() });

        var copies = MessageLocalizer.Localize(message);

        var expected = DeterministicId.For(message.BundleId, $"entry-{message.Bundle.Entry.Count - 1}");
        Assert.Equal(expected, copies[^1].Id);
        Assert.Equal(expected, MessageLocalizer.LocalId(message, message.Bundle.Entry[^1].Resource!));
    }

    [Theory]
    [InlineData("http://elsewhere.example.org/fhir/Practitioner/9")]
    [InlineData("urn:uuid:00000000-0000-4000-8000-0000000000aa")]
    [InlineData("Practitioner/not-in-the-message")]
    [InlineData("#contained")]
    public void Localize_ReferenceOutsideTheBundle_LeftAsItIs(string reference)
    {
        var message = Stages.Message("04");
        message.ServiceRequest.Performer = [new ResourceReference(reference)];

        var copies = MessageLocalizer.Localize(message);

        Assert.Equal(reference, copies.OfType<ServiceRequest>().Single().Performer.Single().Reference);
    }
}
