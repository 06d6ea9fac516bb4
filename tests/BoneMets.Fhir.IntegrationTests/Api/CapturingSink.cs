using Serilog.Core;
using Serilog.Events;

namespace BoneMets.Fhir.IntegrationTests.Api;

/// <summary>Keeps every log event the host writes, for assertions on what was (and was not) logged.</summary>
public sealed class CapturingSink : ILogEventSink
{
    private readonly List<LogEvent> events = [];

    public IReadOnlyList<LogEvent> Events
    {
        get
        {
            lock (events)
            {
                return [.. events];
            }
        }
    }

    public void Emit(LogEvent logEvent)
    {
        lock (events)
        {
            events.Add(logEvent);
        }
    }
}
