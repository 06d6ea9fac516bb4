using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Issue = Hl7.Fhir.Model.OperationOutcome.IssueComponent;

namespace BoneMets.Fhir.Validation;

/// <summary>
/// The target type of a literal reference that does not resolve inside the instance ("Patient/123", an absolute RESTful
/// URL): Firely checks a reference's target type only on a resource it can resolve, and without a resolver it leaves
/// such a reference unchecked. The service has no business fetching them during validation, so this resolver answers
/// with an empty stand-in of the type the reference names: Firely then reports a type that the element does not allow
/// (issue 1011), and this class removes what it reports about the stand-in itself (an empty Organization breaks org-1),
/// which says nothing about the real target. A reference to the validated resource's own type is not stood in for: its
/// findings could not be told apart from the resource's own (docs/validation.md). One instance per validation.
/// </summary>
internal sealed class LiteralReferences(string rootType) : IExternalReferenceResolver
{
    /// <summary>Firely's issue number for a referenced resource of a type the element does not allow.</summary>
    public const string WrongTargetType = "1011";

    private readonly HashSet<string> stoodIn = new(StringComparer.Ordinal);

    public System.Threading.Tasks.Task<object?> ResolveAsync(string reference)
    {
        var identity = ResourceIdentity.IsRestResourceIdentity(reference) ? new ResourceIdentity(reference) : null;
        if (identity?.ResourceType is not { } type || type == rootType || type == "Bundle" || ModelInfo.GetTypeForFhirType(type) is not { } clr
            || Activator.CreateInstance(clr) is not Resource standIn)
        {
            return System.Threading.Tasks.Task.FromResult<object?>(null);
        }

        standIn.Id = identity.Id;
        lock (stoodIn)
        {
            stoodIn.Add(type);
        }

        return System.Threading.Tasks.Task.FromResult<object?>(standIn);
    }

    /// <summary>Whether Firely raised the issue while validating a stand-in (its expression starts at a stood-in type).</summary>
    public bool AboutAStandIn(Issue issue)
    {
        if (issue.Details?.Coding.Any(c => c.Code == WrongTargetType) == true)
        {
            return false;
        }

        var location = issue.Expression.FirstOrDefault() ?? issue.Location.FirstOrDefault() ?? string.Empty;
        var root = location.Split('.', '[')[0];
        lock (stoodIn)
        {
            return root != rootType && stoodIn.Contains(root);
        }
    }
}
