namespace BoneMets.Fhir.IntegrationTests.Api.Hostile;

/// <summary>
/// The hostile-input corpus (issue 14): JSON syntax, encodings, FHIR shape, sizes, HTTP methods and media types,
/// search parameters, ids and paths. Built from the real samples, so each case differs from a good message in one way.
/// </summary>
public static partial class HostileCorpus
{
    public static IReadOnlyList<HostileCase> All { get; } =
        [.. Syntax(), .. Encodings(), .. Shape(), .. Sizes(), .. Protocol(), .. SearchAndPaths()];

    public static TheoryData<string> Names => new(All.Select(c => c.Name));

    public static HostileCase Named(string name) => All.Single(c => c.Name == name);

    /// <summary>Sample 02 as sent: the body every syntax and shape case starts from.</summary>
    private static string Good => Samples.Referral("02-prostate-thoracic-mscc.json");

    private static IEnumerable<HostileCase> Syntax()
    {
        foreach (var sample in Samples.Referrals)
        {
            var json = Samples.Referral(sample);
            foreach (var fraction in new[] { 0.05, 0.3, 0.5, 0.75, 0.99 })
            {
                yield return HostileCase.Post($"syntax/truncated {fraction:P0} {sample[..2]}", json[..(int)(json.Length * fraction)], 400);
            }

            yield return HostileCase.Post($"syntax/second copy appended {sample[..2]}", json + json, 400);
            yield return HostileCase.Post($"syntax/duplicate resourceType in an entry {sample[..2]}",
                ReplaceFirst(json, "\"resourceType\": \"MessageHeader\"", "\"resourceType\": \"MessageHeader\", \"resourceType\": \"Patient\""), 400, "Bundle.entry[0].resource.resourceType");
        }

        yield return HostileCase.Post("syntax/trailing }{", Good.TrimEnd() + "}{", 400);
        yield return HostileCase.Post("syntax/trailing garbage", Good + "x", 400);
        yield return HostileCase.Post("syntax/trailing array", Good + "[]", 400);
        yield return HostileCase.Post("syntax/trailing null", Good + " null", 400);
        yield return HostileCase.Post("syntax/line comment", ReplaceFirst(Good, "{", "{ // sent by the engine\n"), 400);
        yield return HostileCase.Post("syntax/block comment", ReplaceFirst(Good, "{", "{ /* mapped */ "), 400);
        yield return HostileCase.Post("syntax/trailing comma in object", ReplaceFirst(Good, "\"type\": \"message\"", "\"type\": \"message\",,"), 400);
        yield return HostileCase.Post("syntax/trailing comma before brace", Good.TrimEnd()[..^1].TrimEnd() + ",}", 400);
        yield return HostileCase.Post("syntax/duplicate root type", ReplaceFirst(Good, "\"type\": \"message\"", "\"type\": \"message\", \"type\": \"message\""), 400, "Bundle.type");
        yield return HostileCase.Post("syntax/single quotes", ReplaceFirst(Good, "\"type\": \"message\"", "'type': 'message'"), 400);
        yield return HostileCase.Post("syntax/unquoted name", ReplaceFirst(Good, "\"type\": \"message\"", "type: \"message\""), 400);
        yield return HostileCase.Post("syntax/NaN", """{"resourceType":"Bundle","total":NaN}""", 400);
        yield return HostileCase.Post("syntax/Infinity", """{"resourceType":"Bundle","total":Infinity}""", 400);
        yield return HostileCase.Post("syntax/leading zero", """{"resourceType":"Bundle","total":01}""", 400);
        yield return HostileCase.Post("syntax/hex number", """{"resourceType":"Bundle","total":0x10}""", 400);
        yield return HostileCase.Post("syntax/unterminated string", """{"resourceType":"Bundle","id":"abc""", 400);
        yield return HostileCase.Post("syntax/control character in string", "{\"resourceType\":\"Bundle\",\"id\":\"a\u0001b\"}", 400);
        yield return HostileCase.Post("syntax/bad escape", """{"resourceType":"Bundle","id":"a\qb"}""", 400);
        yield return HostileCase.Post("syntax/lone surrogate escape", """{"resourceType":"Bundle","id":"\uD800"}""", 400);
        yield return HostileCase.Post("syntax/empty body", "", 400);
        yield return HostileCase.Post("syntax/whitespace only", "  \r\n\t ", 400);
        foreach (var root in new[] { "null", "[]", "[{}]", "1", "\"Bundle\"", "true", "{}", "{\"resourceType\":null}", "{\"resourceType\":1}", "{\"resourceType\":[]}" })
        {
            yield return HostileCase.Post($"syntax/root {root}", root, 400);
        }
    }

    private static IEnumerable<HostileCase> Shape()
    {
        foreach (var (name, entry) in new[]
        {
            ("entry null", "null"), ("entry object", "{}"), ("entry string", "\"x\""), ("entry number", "1"), ("entry true", "true"),
            ("entry empty", "[]"), ("entry [null]", "[null]"), ("entry [1]", "[1]"), ("entry [[]]", "[[]]"), ("entry [{}]", "[{}]"),
            ("entry resource null", "[{\"resource\":null}]"), ("entry resource array", "[{\"resource\":[]}]"), ("entry resource string", "[{\"resource\":\"x\"}]"),
            ("entry resource empty", "[{\"resource\":{}}]"), ("entry resource unknown type", "[{\"resource\":{\"resourceType\":\"Bundel\"}}]"),
            ("entry fullUrl number", "[{\"fullUrl\":1}]"),
        })
        {
            yield return HostileCase.Post("shape/" + name, $$"""{"resourceType":"Bundle","id":"b1","type":"message","entry":{{entry}}}""", 400);
        }

        yield return HostileCase.Post("shape/wrong resourceType Bundel", ReplaceFirst(Good, "\"resourceType\": \"Bundle\"", "\"resourceType\": \"Bundel\""), 400);
        yield return HostileCase.Post("shape/resourceType lower case", ReplaceFirst(Good, "\"resourceType\": \"Bundle\"", "\"resourceType\": \"bundle\""), 400);
        yield return HostileCase.Post("shape/root Patient", """{"resourceType":"Patient","id":"p1"}""", 400);
        yield return HostileCase.Post("shape/root Parameters", """{"resourceType":"Parameters","parameter":[]}""", 400);
        yield return HostileCase.Post("shape/type document", ReplaceFirst(Good, "\"type\": \"message\"", "\"type\": \"document\""), 400);
        yield return HostileCase.Post("shape/type number", ReplaceFirst(Good, "\"type\": \"message\"", "\"type\": 7"), 400);
        yield return HostileCase.Post("shape/unknown root element", ReplaceFirst(Good, "\"type\": \"message\"", "\"type\": \"message\", \"sender\": \"x\""), 400);
        yield return HostileCase.Post("shape/modifierExtension on the header", ReplaceFirst(Good, "\"resourceType\": \"MessageHeader\"",
            "\"resourceType\": \"MessageHeader\", \"modifierExtension\": [{\"url\": \"http://engine.example.org/not-really\", \"valueBoolean\": true}]"), 400,
            "Bundle.entry[0].resource.modifierExtension");
        yield return HostileCase.Post("shape/modifierExtension on the Bundle", ReplaceFirst(Good, "\"type\": \"message\"",
            "\"type\": \"message\", \"modifierExtension\": [{\"url\": \"http://x.example.org\", \"valueCode\": \"x\"}]"), 400, "Bundle.modifierExtension");
        yield return HostileCase.Post("shape/null value in the header", ReplaceFirst(Good, "\"resourceType\": \"MessageHeader\"", "\"resourceType\": \"MessageHeader\", \"reason\": null"), 400,
            "Bundle.entry[0].resource.reason");
        yield return HostileCase.Post("shape/Bundle.id with spaces", ReplaceFirst(Good, "\"type\": \"message\"", "\"type\": \"message\", \"meta\": {\"versionId\": \"a b\"}"), 400);
        yield return HostileCase.Post("shape/deeply nested extensions", Samples.Invalid("deeply-nested.json"), 413, "extension[0].extension[0]");
        yield return HostileCase.Post("shape/nested arrays 40", "{\"resourceType\":\"Bundle\",\"x\":" + new string('[', 40) + new string(']', 40) + "}", 413);
        yield return HostileCase.Post("shape/nested arrays 100000", "{\"resourceType\":\"Bundle\",\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}", 413);
        yield return HostileCase.Post("shape/nested objects 10000", "{\"resourceType\":\"Bundle\"" + string.Concat(Enumerable.Repeat(",\"a\":{\"b\":1", 10_000)) + new string('}', 10_001), 413);
    }

    private static string ReplaceFirst(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return at < 0 ? throw new ArgumentException($"'{find}' is not in the sample.", nameof(find)) : text[..at] + replacement + text[(at + find.Length)..];
    }
}
