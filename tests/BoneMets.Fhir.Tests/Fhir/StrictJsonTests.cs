using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Tests.Fhir;

public class StrictJsonTests
{
    private static readonly InputLimitsOptions Limits = new() { MaxDepth = 8, MaxEntries = 3, MaxArrayItems = 10, MaxProperties = 50, MaxStringBytes = 1024 };

    private static InputRefusal? Check(string json) => StrictJson.Check(Encoding.UTF8.GetBytes(json), Limits);

    [Theory]
    [InlineData("""{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient","id":"p"}}]}""")]
    [InlineData("""{"resourceType":"Patient","name":[{"given":["A",null,"B"],"_given":[null,{"id":"x"},null]}]}""")]
    [InlineData("\uFEFF{\"resourceType\":\"Patient\"}  \r\n")]
    public void Check_WellFormedFhirJson_NoRefusal(string json) => Assert.Null(Check(json));

    [Theory]
    [InlineData("""{"resourceType":"Bundle"}}{""", null)]
    [InlineData("""{"resourceType":"Bundle"}{"resourceType":"Bundle"}""", null)]
    [InlineData("""{"resourceType":"Bundle" /* c */}""", null)]
    [InlineData("""{"resourceType":"Bundle",}""", null)]
    [InlineData("""{"resourceType":"Bundle","entry":[""", null)]
    [InlineData("""[{"resourceType":"Bundle"}]""", null)]
    [InlineData("""{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient","resourceType":"Task"}}]}""", "Bundle.entry[0].resource.resourceType")]
    [InlineData("""{"resourceType":"Bundle","entry":null}""", "Bundle.entry")]
    [InlineData("""{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient","subject":null}}]}""", "Bundle.entry[0].resource.subject")]
    public void Check_MalformedOrNonFhirJson_400Structure(string json, string? expression)
    {
        var refusal = Assert.IsType<InputRefusal>(Check(json));

        Assert.Equal(400, refusal.Status);
        Assert.Equal(IssueType.Structure, refusal.Code);
        Assert.Equal(expression, refusal.Expression);
    }

    [Fact]
    public void Check_InvalidUtf8_400NamingTheByte()
    {
        var refusal = StrictJson.Check([.. "{\"resourceType\":\""u8, 0xC3, 0x28, .. "\"}"u8], Limits);

        Assert.Equal(400, refusal?.Status);
        Assert.Contains("byte 18", refusal!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ModifierExtension_400NotSupportedAtItsPath()
    {
        var refusal = Check("""{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Task","modifierExtension":[{"url":"http://x"}]}}]}""");

        Assert.Equal((400, IssueType.NotSupported, "Bundle.entry[0].resource.modifierExtension"), (refusal?.Status, refusal?.Code, refusal?.Expression));
    }

    [Theory]
    [InlineData("""{"resourceType":"Bundle","entry":[{},{},{},{}]}""", "Bundle.entry[3]")]
    [InlineData("""{"resourceType":"Patient","name":[{"given":["1","2","3","4","5","6","7","8","9","10","11"]}]}""", "Patient.name[0].given[10]")]
    [InlineData("""{"resourceType":"Patient","extension":[{"extension":[{"extension":[{"extension":[{"extension":[]}]}]}]}]}""", "Patient.extension[0].extension[0].extension[0].extension[0]")]
    [InlineData("""{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient",""" + "\"p0\":1,\"p1\":1,\"p2\":1,\"p3\":1,\"p4\":1,\"p5\":1,\"p6\":1,\"p7\":1,\"p8\":1,\"p9\":1,\"q0\":1,\"q1\":1,\"q2\":1,\"q3\":1,\"q4\":1,\"q5\":1,\"q6\":1,\"q7\":1,\"q8\":1,\"q9\":1,\"r0\":1,\"r1\":1,\"r2\":1,\"r3\":1,\"r4\":1,\"r5\":1,\"r6\":1,\"r7\":1,\"r8\":1,\"r9\":1,\"s0\":1,\"s1\":1,\"s2\":1,\"s3\":1,\"s4\":1,\"s5\":1,\"s6\":1,\"s7\":1,\"s8\":1,\"s9\":1,\"t0\":1,\"t1\":1,\"t2\":1,\"t3\":1,\"t4\":1,\"t5\":1,\"t6\":1,\"t7\":1,\"t8\":1,\"t9\":1}}]}", "Bundle.entry[0].resource")]
    public void Check_OverAShapeLimit_413TooCostlyAtThePath(string json, string expression)
    {
        var refusal = Assert.IsType<InputRefusal>(Check(json));

        Assert.Equal((413, IssueType.TooCostly, expression), (refusal.Status, refusal.Code, refusal.Expression));
    }

    [Fact]
    public void Check_StringLongerThanTheLimit_413WithoutEchoingIt()
    {
        var value = new string('x', 2000);

        var refusal = Check($$"""{"resourceType":"Patient","gender":"{{value}}"}""");

        Assert.Equal((413, "Patient.gender"), (refusal?.Status, refusal?.Expression));
        Assert.DoesNotContain("xxx", refusal!.Text, StringComparison.Ordinal);
    }
}
