using System.IO.Compression;
using System.Text;

namespace BoneMets.Fhir.IntegrationTests.Api.Hostile;

public static partial class HostileCorpus
{
    private static readonly Dictionary<string, string> None = [];

    private static IEnumerable<HostileCase> Encodings()
    {
        var good = Encoding.UTF8.GetBytes(Good);
        var idAt = Good.IndexOf("\"id\": \"", StringComparison.Ordinal) + 7;
        foreach (var (name, bytes) in new (string, byte[])[]
        {
            ("lone continuation byte", [0x80]), ("invalid start byte", [0xFF]), ("overlong slash", [0xC0, 0xAF]), ("encoded surrogate", [0xED, 0xA0, 0x80]),
            ("truncated sequence", [0xE2, 0x82]), ("latin-1 e acute", [0xE9]), ("above U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
        })
        {
            yield return HostileCase.Post("encoding/invalid UTF-8 " + name, [.. good[..idAt], .. bytes, .. good[idAt..]], 400);
        }

        yield return HostileCase.Post("encoding/UTF-16LE with BOM", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Good)).ToArray(), 400);
        yield return HostileCase.Post("encoding/UTF-16BE", Encoding.BigEndianUnicode.GetBytes(Good), 400);
        yield return HostileCase.Post("encoding/UTF-32", Encoding.UTF32.GetBytes(Good), 400);
        foreach (var charset in new[] { "iso-8859-1", "utf-16", "windows-1252", "us-ascii", "ebcdic" })
        {
            yield return HostileCase.Post("encoding/charset " + charset, Good, 415, "Content-Type", HostileCase.FhirJson + "; charset=" + charset);
        }

        foreach (var version in new[] { "3.0", "1.0", "5.0", "4.3" })
        {
            yield return HostileCase.Post("encoding/fhirVersion " + version, Good, 415, "Content-Type", HostileCase.FhirJson + "; fhirVersion=" + version);
        }

        foreach (var encoding in new[] { "gzip", "deflate", "br", "compress", "gzip, identity" })
        {
            yield return new HostileCase("encoding/Content-Encoding " + encoding + " over a plain body", "POST", "/fhir/$process-message", good, HostileCase.FhirJson, 415,
                "Content-Encoding", new Dictionary<string, string> { ["Content-Encoding"] = encoding });
        }

        yield return new HostileCase("encoding/gzip bomb", "POST", "/fhir/$process-message", GzipBomb(), HostileCase.FhirJson, 415,
            "Content-Encoding", new Dictionary<string, string> { ["Content-Encoding"] = "gzip" });
    }

    private static IEnumerable<HostileCase> Sizes()
    {
        var eleven = 11 * 1024 * 1024;
        yield return HostileCase.Post("size/11 MiB body", Padded(Good, eleven), 413);
        yield return new HostileCase("size/11 MiB body chunked", "POST", "/fhir/$process-message", Encoding.UTF8.GetBytes(Padded(Good, eleven)), HostileCase.FhirJson, 413, Chunked: true);
        yield return HostileCase.Post("size/5 MiB string", ReplaceFirst(Good, "\"type\": \"message\"", $"\"type\": \"message\", \"language\": \"{new string('a', 5 * 1024 * 1024)}\""), 413, "Bundle.language");
        yield return HostileCase.Post("size/5,000 extra entries", WithEntries(5_000, "{\"fullUrl\":\"urn:uuid:x\"}"), 413, "Bundle.entry[500]");
        yield return HostileCase.Post("size/501 entries", WithEntries(501, "{}"), 413, "Bundle.entry[500]");
        yield return HostileCase.Post("size/1,000,000 empty entries", WithEntries(1_000_000, "{}"), 413, "Bundle.entry[500]");
        yield return HostileCase.Post("size/2,000 codings", ReplaceFirst(Good, "\"code\": \"I12\",", "\"code\": \"I12\", \"extension\": [" + string.Join(",", Enumerable.Repeat("{}", 2_000)) + "],"), 413,
            "Bundle.entry[0].resource.eventCoding.extension[1000]");
        yield return HostileCase.Post("size/100,000 distinct names", "{\"resourceType\":\"Bundle\"" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $",\"p{i}\":1")) + "}", 413);
        yield return HostileCase.Post("size/100,000 item number array", "{\"resourceType\":\"Bundle\",\"x\":[" + string.Join(",", Enumerable.Repeat("1", 100_000)) + "]}", 413);
        yield return HostileCase.Post("size/long property name", "{\"resourceType\":\"Bundle\",\"" + new string('n', 5 * 1024 * 1024) + "\":1}", 413);
    }

    private static IEnumerable<HostileCase> Protocol()
    {
        foreach (var method in new[] { "PUT", "DELETE", "PATCH", "POST", "OPTIONS" })
        {
            foreach (var path in new[] { "/fhir/Task/1", "/fhir/Task", "/fhir/metadata" })
            {
                yield return new HostileCase($"http/{method} {path}", method, path, method is "PUT" or "PATCH" or "POST" ? Encoding.UTF8.GetBytes("{}") : null,
                    method is "PUT" or "PATCH" or "POST" ? HostileCase.FhirJson : null, 405, Allow: "GET");
            }
        }

        foreach (var method in new[] { "GET", "PUT", "DELETE", "PATCH" })
        {
            yield return new HostileCase($"http/{method} $process-message", method, "/fhir/$process-message", null, null, 405, Allow: "POST");
        }

        yield return new HostileCase("http/GET a notification endpoint", "GET", "/notifications/west", null, null, 405, Allow: "POST");
        foreach (var type in new[] { "application/fhir+xml", "application/xml", "text/xml", "text/plain", "text/html", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", "application/octet-stream", "application/json-patch+json", "application/fhir+turtle" })
        {
            yield return HostileCase.Post("media/Content-Type " + type, type.Contains("xml", StringComparison.Ordinal) ? "<Bundle xmlns=\"http://hl7.org/fhir\"/>" : Good, 415, "Content-Type", type);
        }

        yield return HostileCase.Post("media/no Content-Type", Good, 415, "Content-Type", contentType: null);
        yield return new HostileCase("media/unparseable Content-Type", "POST", "/fhir/$process-message", Encoding.UTF8.GetBytes(Good), null, 415, "Content-Type",
            new Dictionary<string, string> { ["Content-Type"] = ";;;" });
        yield return new HostileCase("media/notification as text/plain", "POST", "/notifications/west", Encoding.UTF8.GetBytes("{}"), "text/plain", 415, "Content-Type");
        yield return new HostileCase("media/notification trailing content", "POST", "/notifications/west", Encoding.UTF8.GetBytes("{\"resourceType\":\"Task\"}{"), HostileCase.FhirJson, 400);
        foreach (var (path, accept) in new[] { ("/fhir/metadata", "application/fhir+xml"), ("/fhir/Task", "application/xml"), ("/fhir/Task/1", "text/turtle"), ("/fhir/metadata", "text/html") })
        {
            yield return HostileCase.Get($"media/Accept {accept} on {path}", path, 406, "Accept", new Dictionary<string, string> { ["Accept"] = accept });
        }

        foreach (var format in new[] { "xml", "application/fhir+xml", "text/xml", "ttl", "html" })
        {
            yield return HostileCase.Get("media/_format=" + format, "/fhir/metadata?_format=" + Uri.EscapeDataString(format), 406, "_format");
        }

        yield return new HostileCase("media/POST asking for XML", "POST", "/fhir/$process-message", Encoding.UTF8.GetBytes(Good), HostileCase.FhirJson, 406, "Accept",
            new Dictionary<string, string> { ["Accept"] = "application/fhir+xml" });
    }

    private static IEnumerable<HostileCase> SearchAndPaths()
    {
        var strict = new Dictionary<string, string> { ["Prefer"] = "handling=strict" };
        foreach (var (query, expression) in new[]
        {
            ("_count=abc", "_count"), ("_count=-1", "_count"), ("_count=1e3", "_count"), ("_count=99999999999", "_count"), ("_cursor=x", "_cursor"),
            ("_lastUpdated=yesterday", "_lastUpdated"), ("_lastUpdated=ge2026-13-01", "_lastUpdated"), ("_lastUpdated=zz2026", "_lastUpdated"),
        })
        {
            yield return HostileCase.Get("search/" + query, "/fhir/Task?" + query, 400, expression);
        }

        foreach (var param in new[] { "name", "birthdate", "_has:Observation:patient:code", "status:exact", "_sort", "_include" })
        {
            yield return HostileCase.Get("search/strict unknown " + param, "/fhir/Task?" + param + "=x", 400, param, strict);
        }

        foreach (var path in new[] { "/fhir/task", "/fhir/TASK", "/fhir/Foo", "/fhir/task/1", "/fhir/Tasks?status=ready", "/fhir/Task/1/$everything", "/fhir/Patient/p1/$everything",
            "/fhir/Task/1/_history/1/extra", "/fhir/Task/1/_history", "/fhir/$everything", "/nonexistent", "/fhir/Task/1/2/3/4", "/fhir/metadata/x", "/fhir" })
        {
            yield return HostileCase.Get("path/" + path, path, 404);
        }

        foreach (var (name, id) in new[] { ("space", "a%20b"), ("65 characters", new string('a', 65)), ("unicode", "%C3%A9"),
            ("underscore", "a_b"), ("quote", "a%22b"), ("angle brackets", "%3Cscript%3E"), ("encoded slash", "a%2Fb"), ("semicolon", "a;b") })
        {
            yield return HostileCase.Get("id/" + name, "/fhir/Task/" + id, 400, "id");
        }

        yield return HostileCase.Get("id/vread version not a number", "/fhir/Task/t1/_history/x", 404);
    }

    private static string Padded(string json, int size) => ReplaceFirst(json, "\"type\": \"message\"", "\"type\": \"message\"" + new string(' ', size));

    private static string WithEntries(int count, string entry) =>
        "{\"resourceType\":\"Bundle\",\"id\":\"b1\",\"type\":\"message\",\"entry\":[" + string.Join(",", Enumerable.Repeat(entry, count)) + "]}";

    /// <summary>10 MiB of zeros in about 10 KiB: the service must refuse the encoding, never inflate it.</summary>
    private static byte[] GzipBomb()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize))
        {
            gzip.Write(new byte[10 * 1024 * 1024]);
        }

        return buffer.ToArray();
    }
}
