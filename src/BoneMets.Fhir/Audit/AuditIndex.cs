using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace BoneMets.Fhir.Audit;

/// <summary>The values an AuditEvent is searched by (<see cref="AuditSearch.Indexed"/>), taken once when it is recorded.</summary>
public static class AuditIndex
{
    public static IReadOnlyList<IndexValue> Of(AuditEvent audit)
    {
        var values = new List<IndexValue>();
        if (audit.Type is { Code: { } typeCode } type)
        {
            values.Add(new("type", type.System, typeCode));
        }

        values.AddRange(audit.Subtype.Where(s => s.Code is not null).Select(s => new IndexValue("subtype", s.System, s.Code!)));
        if (audit.Outcome is { } outcome)
        {
            values.Add(new("outcome", null, outcome.GetLiteral()!));
        }

        foreach (var who in audit.Agent.Select(a => a.Who).OfType<ResourceReference>())
        {
            // agent= matches the requestor's id (a client id or a coordinator's user name) or an agent's reference.
            if (who.Identifier?.Value is { } id)
            {
                values.Add(new("agent", null, id));
            }

            if (who.Reference is { } reference)
            {
                values.Add(new("agent", null, reference));
            }
        }

        values.AddRange(audit.Entity.Select(e => e.What?.Reference).OfType<string>().Select(r => new IndexValue("entity", null, r)));
        return values;
    }
}
