using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using Issue = Hl7.Fhir.Model.OperationOutcome.IssueComponent;

namespace BoneMets.Fhir.Validation;

/// <summary>
/// Firely's findings in the shape the service's OperationOutcomes have always had (docs/validation.md): the expression
/// is FHIRPath from the validated resource naming the element at fault (<see cref="IssuePaths"/>) — the missing
/// element, not its parent; the referencing element, not the resource it points at — the issue-type code says what
/// kind of rule broke (required, structure, value, code-invalid, invariant), and the sentence starts with the
/// expression. A value the sender sent is quoted only when it looks like a code (issue 14: a refusal must not echo
/// the patient's details). Firely's issue number stays in details.coding.
/// </summary>
internal static partial class FirelyFindings
{
    /// <summary>The issue in the service's shape; null for the ras-2 and ref-1 false positives (<see cref="IsRas2WithoutProbability"/>).</summary>
    public static Issue? Reshape(Resource root, Issue issue)
    {
        var location = issue.Expression.FirstOrDefault() ?? issue.Location.FirstOrDefault();
        var (path, element) = location is null ? (root.TypeName, root) : IssuePaths.Resolve(root, location);
        var text = issue.Details?.Text ?? issue.Diagnostics ?? string.Empty;
        if (IsRas2WithoutProbability(text, element) || IsRef1WithoutReference(text, element))
        {
            return null;
        }

        var (expression, code, sentence) = text switch
        {
            _ when MissingMember().Match(text) is { Success: true } m => At(path + "." + m.Groups["element"].Value, IssueType.Required, "is missing; the profile requires it."),
            _ when RequiredSlice().Match(text) is { Success: true } m => At(path + "." + m.Groups["element"].Value, IssueType.Required,
                $"has no item that matches the slice '{m.Groups["slice"].Value}', which the profile requires."),
            _ when Count().Match(text) is { Success: true } m => Counted(path + "." + m.Groups["element"].Value, m),
            _ when WrongTarget().Match(text) is { Success: true } m => WrongTargetAt(root, issue, m),
            _ when OutOfOrder().IsMatch(text) => At(path, IssueType.Structure, Redacted(text)),
            _ when Pattern().Match(text) is { Success: true } m => At(path, IssueType.Value, $"is {Sent(element)}; the profile requires it to contain {m.Groups["expected"].Value}."),
            _ when Fixed().Match(text) is { Success: true } m => At(path, IssueType.Value, $"is {Sent(element)}; the profile fixes it to {m.Groups["expected"].Value}."),
            _ => At(path, issue.Code ?? IssueType.Invalid, Redacted(text)),
        };
        return new Issue
        {
            Severity = issue.Severity,
            Code = code,
            Expression = [.. expression.Split(" | ")],
            Details = issue.Details?.Coding.Count > 0 ? new CodeableConcept { Coding = [.. issue.Details.Coding] } : null,
            Diagnostics = $"{expression.Replace(" | ", " and ", StringComparison.Ordinal)} {sentence}",
        };
    }

    /// <summary>
    /// R4's ras-2 ("probability is decimal implies (probability as decimal) &lt;= 100") fails on a prediction that has no
    /// probability at all in the validators that evaluate the implication's empty left side as false
    /// (hapifhir/org.hl7.fhir.core#623; Firely's does so too). The triage decision's predictions state an urgency and a
    /// care team, for which no probability is meaningful; a prediction with a probability is still checked.
    /// </summary>
    internal static bool IsRas2WithoutProbability(string? text, Base? element) =>
        text?.Contains("constraint ras-2 ", StringComparison.Ordinal) == true && element is RiskAssessment.PredictionComponent { Probability: null };

    /// <summary>
    /// R4's ref-1 ("reference.startsWith('#').not() or (reference.substring(1) in %rootResource.contained.id)") fails the
    /// same way on a Reference that has no reference at all — a logical reference by identifier, which the write-back
    /// sends a partner for a resource it knows only by identifier (DeliveryTransaction): both operands are empty. A
    /// Reference with a reference is still checked ("#x" must name a contained resource).
    /// </summary>
    internal static bool IsRef1WithoutReference(string? text, Base? element) =>
        text?.Contains("constraint ref-1 ", StringComparison.Ordinal) == true && element is ResourceReference { Reference: null };

    private static (string, IssueType, string) At(string path, IssueType code, string sentence) => (path, code, sentence);

    private static (string, IssueType, string) Counted(string path, Match m)
    {
        var count = int.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture);
        var min = int.Parse(m.Groups["min"].Value, CultureInfo.InvariantCulture);
        var max = m.Groups["max"].Value;
        return count < min
            ? At(path, IssueType.Required, count == 0 ? $"is missing; the profile requires at least {min}." : $"has {count}; the profile requires at least {min}.")
            : At(path, IssueType.Structure, $"has {count}; the profile allows at most {max}.");
    }

    /// <summary>Firely reports a wrong target type at the resource pointed at; the service names the referencing element.</summary>
    private static (string, IssueType, string) WrongTargetAt(Resource root, Issue issue, Match m)
    {
        var reference = m.Groups["reference"].Value;
        // The trace ends with the referencing element's definition, "ServiceRequest.subject" (a profile URL in parentheses
        // after the type when the resource was validated against one); none for a literal reference (LiteralReferences).
        var trace = issue.Diagnostics is { } d && d.LastIndexOf("->", StringComparison.Ordinal) is >= 0 and var arrow
            ? ProfileInTrace().Replace(d[(arrow + 2)..].Trim(), string.Empty) : null;
        var referrers = IssuePaths.Referrers(root, reference, trace);
        var allowed = string.Join(" or ", m.Groups["allowed"].Value.Split(", ").Select(t => t.Trim('\'')));
        // Several elements can hold the same reference; each is named (" | " separates them until Reshape splits them).
        var path = referrers.Count > 0 ? string.Join(" | ", referrers.Select(r => r + ".reference")) : root.TypeName;
        return At(path, IssueType.Structure, $"points at a {m.Groups["type"].Value}; the profile allows only {allowed} here.");
    }

    /// <summary>
    /// What was sent, as a refusal may show it: a code-like primitive (no spaces, at most 64 characters) is quoted; free
    /// text, dates and structures are not, since they can carry the patient's details (issue 14).
    /// </summary>
    private static string Sent(Base? element) => element switch
    {
        null => "absent",
        PrimitiveType p when p.ToString() is { } code && IsCodeLike(code) => $"'{code}'",
        PrimitiveType => "a value",
        _ => "a structure",
    };

    private static bool IsCodeLike(string value) => value.Length is > 0 and <= 64 && !value.Any(char.IsWhiteSpace) && !char.IsDigit(value[0]);

    /// <summary>Firely's sentence with a sent value ("Value 'x' is too long") quoted only when it looks like a code.</summary>
    private static string Redacted(string text) => SentValue().Replace(text, m => IsCodeLike(m.Groups["value"].Value) ? m.Value : "A value");

    [GeneratedRegex(@"^Missing required member: '(?<element>[A-Za-z0-9]+)'")]
    private static partial Regex MissingMember();

    [GeneratedRegex(@"^No elements matched required slice: '(?<element>[A-Za-z0-9]+):(?<slice>[^']+)'")]
    private static partial Regex RequiredSlice();

    [GeneratedRegex(@"^Instance count (at|for) element '(?<element>[A-Za-z0-9]+)' is (?<count>\d+), which is not within the specified cardinality of (?<min>\d+)\.\.(?<max>[0-9*]+)")]
    private static partial Regex Count();

    [GeneratedRegex(@"^Referenced resource '(?<reference>[^']+)' is of type '(?<type>[A-Za-z]+)', which is not one of the allowed target types \((?<allowed>[^)]*)\)")]
    private static partial Regex WrongTarget();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex ProfileInTrace();

    [GeneratedRegex(@"^Element match(es|ed) slice .*(out of order|after a non-match)", RegexOptions.Singleline)]
    private static partial Regex OutOfOrder();

    [GeneratedRegex(@"does not match pattern '(?<expected>.*)'$", RegexOptions.Singleline)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"is not exactly equal to fixed value '(?<expected>.*)'$", RegexOptions.Singleline)]
    private static partial Regex Fixed();

    [GeneratedRegex(@"^Value '(?<value>.*?)'(?= (is|does|has|was|contains|should) )", RegexOptions.Singleline)]
    private static partial Regex SentValue();
}
