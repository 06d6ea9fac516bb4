using System.Net;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Search;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog.Core;
using Serilog.Events;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Api;

/// <summary>An unexpected failure is answered with an OperationOutcome and logged by type, never by its text.</summary>
public sealed class ErrorLoggingTests : IDisposable
{
    private const string PatientName = "Margaret Quinlan-Hargreave";
    private readonly CapturingSink sink = new();
    private readonly BoneMetsHost host;

    public ErrorLoggingTests() => host = new BoneMetsHost(worker: false, configure: s =>
    {
        s.Replace(ServiceDescriptor.Singleton<IResourceStore>(new LeakyStore()));
        s.AddSingleton<ILogEventSink>(sink);
    });

    public void Dispose()
    {
        host.Dispose();
        host.DeleteStore();
    }

    [Fact]
    public async Task UnexpectedFailure_Answers500OutcomeAndLogsNoExceptionText()
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync(new Uri("/fhir/Patient/p1", UriKind.Relative));
        var outcome = FhirJson.Parse<OperationOutcome>(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(OperationOutcome.IssueType.Exception, outcome.Issue[0].Code);
        Assert.DoesNotContain(PatientName, outcome.Issue[0].Diagnostics, StringComparison.Ordinal);

        var failure = Assert.Single(sink.Events, e => e.EventId() == 3001);
        Assert.Contains("InvalidOperationException", failure.RenderMessage(), StringComparison.Ordinal);
        Assert.All(sink.Events, e =>
        {
            Assert.Null(e.Exception);
            Assert.DoesNotContain(PatientName, e.RenderMessage(), StringComparison.Ordinal);
        });
    }

    private sealed class LeakyStore : IResourceStore
    {
        private static InvalidOperationException Leak() => new($"Could not read Patient with name {PatientName}");

        public Task<StoredResource?> ReadAsync(string type, string id, CancellationToken cancellationToken) => throw Leak();

        public Task<StoredResource?> ReadVersionAsync(string type, string id, int version, CancellationToken cancellationToken) => throw Leak();

        public Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken) => throw Leak();

        public Task UpsertAsync(IReadOnlyCollection<Resource> resources, DateTimeOffset now, CancellationToken cancellationToken) => throw Leak();
    }
}

internal static class LogEventIds
{
    public static int? EventId(this LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var value) && value is StructureValue s
            && s.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int id } ? id : null;
}
