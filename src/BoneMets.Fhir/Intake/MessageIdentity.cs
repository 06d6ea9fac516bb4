using System.Security.Cryptography;
using System.Text.Json;

namespace BoneMets.Fhir.Intake;

/// <summary>
/// Who a posted message says it is, read from its JSON without building the FHIR model: Bundle.id, the first entry's
/// MessageHeader.id and MessageHeader.sender.reference, and a hash of its content. Enough to recognise a resend (R4
/// reliable messaging: same Bundle.id and MessageHeader.id) with one keyed lookup before parsing and validating.
/// The hash is over the JSON's tokens (names, unescaped values, structure), so a resend re-indented or re-escaped by
/// the sender is the same content; any other change to a name or value is different content, except Bundle.timestamp:
/// when the message was (re)sent is not what it says (a feed's pointer message is rebuilt, with a new timestamp, for
/// the same referral version, and must replay).
/// </summary>
public sealed record MessageIdentity(string BundleId, string HeaderId, string? Sender, string ContentHash)
{
    /// <summary>The identity, or null when the body is not a Bundle whose first entry is a MessageHeader with an id (the full path then answers it).</summary>
    public static MessageIdentity? Read(ReadOnlySpan<byte> json)
    {
        try
        {
            return Scan(json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null; // not JSON, or text that is not Unicode (a lone surrogate escape): the full path answers it
        }
    }

    private static MessageIdentity? Scan(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1024 });
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        string? bundleId = null, bundleType = null, headerId = null, headerType = null, sender = null;
        var entryIndex = -1;
        var path = new List<string?>(16); // property name per open container; "[]" for arrays
        string? property = null;
        Span<byte> marker = stackalloc byte[1];
        while (reader.Read())
        {
            if (path.Count == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read(); // the root's timestamp (a string, or a refused shape the strict reader already turned away): not hashed
                reader.Skip();
                continue;
            }

            marker[0] = (byte)reader.TokenType;
            hash.AppendData(marker);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    if (reader.TokenType == JsonTokenType.StartObject && path.Count == 2 && path[1] == "entry[]")
                    {
                        entryIndex++;
                    }

                    path.Add(reader.TokenType == JsonTokenType.StartArray ? property + "[]" : property);
                    property = null;
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    path.RemoveAt(path.Count - 1);
                    continue;
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    AppendText(hash, ref reader, property!);
                    continue;
                case JsonTokenType.String:
                    AppendText(hash, ref reader, null);
                    break;
                default:
                    hash.AppendData(reader.ValueSpan); // a span input: never a value sequence
                    property = null;
                    continue;
            }

            // A string value: the few the identity needs.
            if (path.Count == 1)
            {
                (bundleId, bundleType) = property switch { "id" => (reader.GetString(), bundleType), "resourceType" => (bundleId, reader.GetString()), _ => (bundleId, bundleType) };
            }
            else if (entryIndex == 0 && path.Count == 4 && path[1] == "entry[]" && path[3] == "resource")
            {
                (headerId, headerType) = property switch { "id" => (reader.GetString(), headerType), "resourceType" => (headerId, reader.GetString()), _ => (headerId, headerType) };
            }
            else if (entryIndex == 0 && path.Count == 5 && path[3] == "resource" && path[4] == "sender" && property == "reference")
            {
                sender = reader.GetString();
            }

            property = null;
        }

        return bundleType == "Bundle" && headerType == "MessageHeader" && bundleId is { Length: > 0 } && headerId is { Length: > 0 }
            ? new MessageIdentity(bundleId, headerId, sender, Convert.ToHexStringLower(hash.GetHashAndReset()))
            : null;
    }

    /// <summary>A string's unescaped UTF-8 (its raw bytes when it has no escapes): "\u00e9" and "é" are the same content.</summary>
    private static void AppendText(IncrementalHash hash, ref Utf8JsonReader reader, string? text)
    {
        // The length first delimits the text: no two token sequences hash alike by where a string ends.
        ReadOnlySpan<byte> bytes = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(text ?? reader.GetString()!) : reader.ValueSpan;
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
