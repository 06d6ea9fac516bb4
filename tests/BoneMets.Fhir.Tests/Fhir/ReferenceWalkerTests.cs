using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Fhir;

public class ReferenceWalkerTests
{
    [Fact]
    public void Walk_NestedAndRepeatingReferences_EachWithItsIndexedPath()
    {
        var appointment = new Appointment
        {
            BasedOn = [new ResourceReference("ServiceRequest/sr")],
            Participant =
            [
                new() { Actor = new ResourceReference("Patient/p") },
                new() { Actor = new ResourceReference("Location/l"), Type = [new CodeableConcept("http://example.org", "x")] },
            ],
        };

        var found = ReferenceWalker.Walk(appointment, "Appointment").Select(x => (x.Path, x.Reference.Reference)).ToList();

        Assert.Equal(
            [
                ("Appointment.basedOn[0]", "ServiceRequest/sr"),
                ("Appointment.participant[0].actor", "Patient/p"),
                ("Appointment.participant[1].actor", "Location/l"),
            ],
            found);
    }

    [Fact]
    public void Walk_ContainedResources_NotEntered()
    {
        var request = new ServiceRequest
        {
            Contained = [new PractitionerRole { Id = "r", Practitioner = new ResourceReference("Practitioner/inside") }],
            Requester = new ResourceReference("#r"),
        };

        var found = ReferenceWalker.Walk(request, "ServiceRequest").Select(x => (x.Path, x.Reference.Reference));

        Assert.Equal([("ServiceRequest.requester", "#r")], found);
    }

    [Fact]
    public void Walk_ReferenceInsideAChoiceElement_Found()
    {
        var task = new Hl7.Fhir.Model.Task { Output = [new() { Type = new CodeableConcept { Text = "t" }, Value = new ResourceReference("RiskAssessment/r") }] };

        var found = Assert.Single(ReferenceWalker.Walk(task, "Task"));

        Assert.Equal(("Task.output[0].value", "RiskAssessment/r"), (found.Path, found.Reference.Reference));
    }

    [Fact]
    public void Walk_IdentifierOnlyReference_ReturnedWithNullReference()
    {
        var request = new ServiceRequest { Requester = new ResourceReference { Identifier = new Identifier("http://npi", "123") } };

        var found = Assert.Single(ReferenceWalker.Walk(request, "ServiceRequest"));

        Assert.Null(found.Reference.Reference);
    }
}
