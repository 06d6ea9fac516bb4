using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Tests.Search;

public sealed class SearchIncludeTests
{
    [Theory]
    [InlineData("ServiceRequest", false, "ServiceRequest:subject", "ServiceRequest", "subject", null)]
    [InlineData("ServiceRequest", false, "ServiceRequest:subject:Patient", "ServiceRequest", "subject", "Patient")]
    [InlineData("Task", false, "Task:focus", "Task", "focus", null)]
    [InlineData("Task", false, "Task:based-on", "Task", "based-on", null)]
    [InlineData("Task", false, "Task:patient", "Task", "patient", null)]
    [InlineData("ServiceRequest", true, "Task:focus", "Task", "focus", null)]
    [InlineData("ServiceRequest", true, "Task:based-on:ServiceRequest", "Task", "based-on", "ServiceRequest")]
    [InlineData("Patient", true, "Task:patient", "Task", "patient", null)]
    [InlineData("Task", true, "CommunicationRequest:based-on", "CommunicationRequest", "based-on", null)]
    public void Parse_SupportedInclude_ParameterAndTarget(string searched, bool reverse, string value, string source, string parameter, string? target)
    {
        var (include, problem) = SearchInclude.Parse(searched, reverse, value);

        Assert.Null(problem);
        Assert.Equal((source, parameter, target, reverse), (include!.Parameter.Resource, include.Parameter.Name, include.TargetType, include.Reverse));
        Assert.Equal(value, include.Value);
    }

    [Theory]
    [InlineData("Task", false, "Task", "is not Type:parameter or Type:parameter:TargetType")]
    [InlineData("Task", false, "Task:focus:Patient:x", "is not Type:parameter or Type:parameter:TargetType")]
    [InlineData("Task", false, "ServiceRequest:subject", "names ServiceRequest, not the searched type Task")]
    [InlineData("Task", false, "Task:status", "must name a reference search parameter this server supports on Task")]
    [InlineData("Task", false, "Task:nonesuch", "must name a reference search parameter this server supports on Task")]
    [InlineData("Task", false, "Task:*", "must name a reference search parameter this server supports on Task")]
    [InlineData("Task", false, "Task:patient:Practitioner", "Task:patient never points at Practitioner")]
    [InlineData("Task", false, "Task:focus:NotAType", "Task:focus never points at NotAType")]
    [InlineData("ServiceRequest", true, "Task:focus:Patient", "targets Patient, not the searched type ServiceRequest")]
    [InlineData("ServiceRequest", true, "Task:patient", "Task:patient never points at ServiceRequest")]
    public void Parse_Unservable_SaysWhy(string searched, bool reverse, string value, string expected)
    {
        var (include, problem) = SearchInclude.Parse(searched, reverse, value);

        Assert.Null(include);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HostileValue_NotEchoed()
    {
        var (_, problem) = SearchInclude.Parse("Task", false, "Task:<script>alert(1)</script>");

        Assert.DoesNotContain("<script>", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_TaskFocusAndPatient_LocalTypeIdOfTheTargetType()
    {
        var task = new Task
        {
            Focus = new ResourceReference("http://ehr.example.org/fhir/ServiceRequest/sr-1/_history/2"),
            For = new ResourceReference("Patient/p-1"),
            BasedOn = [new ResourceReference("ServiceRequest/sr-0"), new ResourceReference("urn:uuid:0a4b6c1e-1111-4222-8333-944445555666"), new ResourceReference("#contained")],
        };

        Assert.Equal(["ServiceRequest/sr-1"], SearchInclude.Parse("Task", false, "Task:focus").Include!.Targets(task));
        Assert.Equal(["Patient/p-1"], SearchInclude.Parse("Task", false, "Task:patient").Include!.Targets(task));
        Assert.Equal(["ServiceRequest/sr-0"], SearchInclude.Parse("Task", false, "Task:based-on").Include!.Targets(task));
        Assert.Empty(SearchInclude.Parse("Task", false, "Task:focus:Patient").Include!.Targets(task));
    }

    [Fact]
    public void SearchQuery_IncludesParsedAndCarriedInTheLinks()
    {
        var (query, issues) = SearchQuery.Parse("ServiceRequest",
            [new("_include", "ServiceRequest:subject"), new("_revinclude", "Task:focus")], strict: true);

        Assert.Empty(issues);
        Assert.Equal(["_include=ServiceRequest:subject", "_revinclude=Task:focus"], query!.Includes.Select(i => $"{i.Name}={i.Value}"));
        Assert.Equal([("_include", "ServiceRequest:subject"), ("_revinclude", "Task:focus")], query.Applied);
    }

    [Theory]
    [InlineData("_include", "Task:nonesuch")]
    [InlineData("_include:iterate", "Task:focus")]
    [InlineData("_revinclude", "Task:patient")]
    public void SearchQuery_UnknownInclude_WarningByDefault_ErrorUnderStrict(string name, string value)
    {
        var (lenient, warnings) = SearchQuery.Parse("Task", [new(name, value)], strict: false);
        var (strict, errors) = SearchQuery.Parse("Task", [new(name, value)], strict: true);

        Assert.Empty(lenient!.Includes);
        Assert.Equal(OperationOutcome.IssueSeverity.Warning, warnings.Single().Severity);
        Assert.Equal(OperationOutcome.IssueType.NotSupported, warnings.Single().Code);
        Assert.Null(strict);
        Assert.Equal(OperationOutcome.IssueSeverity.Error, errors.Single().Severity);
        Assert.Equal(name, errors.Single().Expression.Single());
    }
}
