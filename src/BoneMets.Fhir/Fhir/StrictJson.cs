using System.Text;
using System.Text.Json;
using BoneMets.Fhir.Options;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Fhir;

/// <summary>Why a body was refused before FHIR parsing: the HTTP status, the issue code, where (FHIRPath), and a sentence without the sender's values.</summary>
public sealed record InputRefusal(int Status, IssueType Code, string? Expression, string Text)
{
    public Hl7.Fhir.Model.OperationOutcome.IssueComponent ToIssue() => Outcomes.Error(Code, Expression, Text);
}

/// <summary>
/// One streaming pass over a body before Firely sees it (ADR 0014): exactly one JSON object, UTF-8 only, no comments,
/// no trailing content, no duplicate property names, no null property values (FHIR JSON has none), no
/// modifierExtension (this service understands none, and FHIR says a receiver must then refuse the resource), and
/// the shape limits — depth, Bundle.entry count, array items, properties per object, string length. Firely's own reader is lenient about
/// most of these, and its cost grows with what it is given; this pass costs one scan and a few small sets.
/// </summary>
public static class StrictJson
{
    private const int BadRequest = 400;
    private const int TooLarge = 413;

    public static InputRefusal? Check(ReadOnlySpan<byte> body, InputLimitsOptions limits, bool refuseModifierExtensions = true)
    {
        if (CheckUtf8(body) is { } bad)
        {
            return bad;
        }

        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        try
        {
            return Scan(body, limits, refuseModifierExtensions);
        }
        catch (JsonException e)
        {
            return new(BadRequest, IssueType.Structure, null,
                $"The body is not one well-formed JSON document (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}");
        }
    }

    public static InputRefusal? CheckUtf8(ReadOnlySpan<byte> body) => InvalidUtf8At(body) is { } bad
        ? new(BadRequest, IssueType.Structure, null, $"The body is not valid UTF-8 (byte {bad}); FHIR JSON is UTF-8 only.")
        : null;

    private static InputRefusal? Scan(ReadOnlySpan<byte> body, InputLimitsOptions limits, bool refuseModifierExtensions)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = limits.MaxDepth + 2 });
        var frames = new Frame[limits.MaxDepth + 1];
        var depth = 0;
        string? rootType = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return new(BadRequest, IssueType.Structure, null, "The body is not a FHIR resource: FHIR JSON is one object with a resourceType.");
        }

        do
        {
            var top = depth > 0 ? frames[depth - 1] : null;
            if (top is { IsArray: true } && reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject) && ++top.Index >= Limit(frames, depth, limits, out var what))
            {
                return new(TooLarge, IssueType.TooCostly, Path(rootType, frames, depth), $"More than {Limit(frames, depth, limits, out _)} {what}; that is this service's limit (Limits).");
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (depth == limits.MaxDepth)
                    {
                        return new(TooLarge, IssueType.TooCostly, Path(rootType, frames, depth), $"The JSON is nested deeper than {limits.MaxDepth} levels (Limits:MaxDepth).");
                    }

                    (frames[depth] ??= new Frame()).Reset(reader.TokenType == JsonTokenType.StartArray);
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.PropertyName:
                    if (reader.ValueSpan.Length > limits.MaxStringBytes)
                    {
                        return new(TooLarge, IssueType.TooCostly, Path(rootType, frames, depth), $"A property name is longer than {limits.MaxStringBytes} bytes (Limits:MaxStringBytes).");
                    }

                    var name = reader.GetString()!;
                    top!.Property = name;
                    if (!top.Names.Add(name))
                    {
                        return new(BadRequest, IssueType.Structure, Path(rootType, frames, depth), "The property appears twice in the same object; FHIR JSON names are unique.");
                    }

                    if (top.Names.Count > limits.MaxProperties)
                    {
                        return new(TooLarge, IssueType.TooCostly, Path(rootType, frames, depth - 1),
                            $"The object has more than {limits.MaxProperties} properties (Limits:MaxProperties); no FHIR element has that many.");
                    }

                    if (refuseModifierExtensions && name == "modifierExtension")
                    {
                        return new(BadRequest, IssueType.NotSupported, Path(rootType, frames, depth),
                            "This service understands no modifier extension, and FHIR requires a receiver to refuse a resource carrying one it does not understand.");
                    }

                    break;
                case JsonTokenType.String:
                    if (reader.ValueSpan.Length > limits.MaxStringBytes)
                    {
                        return new(TooLarge, IssueType.TooCostly, Path(rootType, frames, depth),
                            $"The value is longer than {limits.MaxStringBytes} bytes (Limits:MaxStringBytes); send large content by reference.");
                    }

                    if (depth == 1 && top!.Property == "resourceType")
                    {
                        rootType = reader.GetString();
                    }

                    break;
                case JsonTokenType.Null when top is { IsArray: false }:
                    return new(BadRequest, IssueType.Structure, Path(rootType, frames, depth), "null is not a FHIR JSON value; leave the property out instead.");
            }
        }
        while (depth > 0 && reader.Read());

        // Another token after the document's end throws (one JSON value per body); whitespace reads as the end.
        return reader.Read() ? new(BadRequest, IssueType.Structure, null, "The body has content after the JSON document.") : null;
    }

    private static int Limit(Frame[] frames, int depth, InputLimitsOptions limits, out string what)
    {
        var isEntry = depth == 2 && frames[0].Property == "entry";
        what = isEntry ? "entries in Bundle.entry" : "items in one array";
        return isEntry ? limits.MaxEntries : limits.MaxArrayItems;
    }

    /// <summary>The FHIRPath of the token being read: Bundle.entry[3].resource.subject.</summary>
    private static string Path(string? rootType, Frame[] frames, int depth)
    {
        var path = new StringBuilder(rootType is { Length: > 0 and <= 64 } && rootType.All(char.IsAsciiLetter) ? rootType : "Resource");
        for (var i = 0; i < depth; i++)
        {
            var frame = frames[i];
            if (frame.IsArray)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Property is { } property)
            {
                path.Append('.').Append(property.Length <= 64 ? property : property[..64]);
            }
        }

        return path.ToString();
    }

    private static long? InvalidUtf8At(ReadOnlySpan<byte> body)
    {
        if (System.Text.Unicode.Utf8.IsValid(body))
        {
            return null;
        }

        for (var at = 0; at < body.Length;)
        {
            if (System.Text.Rune.DecodeFromUtf8(body[at..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return at + 1;
            }

            at += consumed;
        }

        return null;
    }

    private static string FirstSentence(string message) => message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0].TrimEnd();

    private sealed class Frame
    {
        public bool IsArray { get; private set; }
        public int Index { get; set; }
        public string? Property { get; set; }
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public void Reset(bool isArray)
        {
            IsArray = isArray;
            Index = -1;
            Property = null;
            Names.Clear();
        }
    }
}
