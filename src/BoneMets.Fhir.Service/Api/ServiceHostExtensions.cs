using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Service.Auth;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Serilog;
using Serilog.Context;
using Serilog.Events;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Api;

public static class ServiceHostExtensions
{
    /// <summary>Logging, the pipeline, and health checks (ready only once the store is open and the parser warm).</summary>
    public static WebApplicationBuilder AddBoneMetsService(this WebApplicationBuilder builder)
    {
        // Each host builds its own logger; the static bootstrap logger only reports startup failures. The console
        // sink is set here, not in appsettings, so logs appear whatever the content root.
        builder.Services.AddSerilog((services, logger) => logger
            // Quiet framework categories unless configuration says otherwise: ASP.NET's request lines carry the URL,
            // and a search URL can carry an identifier or a name (PHI).
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}"),
            preserveStaticLogger: true);
        builder.Services.AddBoneMetsPipeline(builder.Configuration);
        builder.Services.AddBoneMetsAuthorization(builder.Configuration);
        builder.Services.AddClientRateLimits(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => HttpLimits.Apply(kestrel.Limits, builder.Configuration));
        builder.Services.AddHealthChecks()
            .AddCheck<ReadinessCheck>("ready", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapBoneMetsApi(this WebApplication app)
    {
        var edgeLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BoneMets.Fhir.Service.Api");
        app.Use(FhirAudit.RecordAsync); // first: every /fhir request is audited, whatever answers it (ADR 0020)
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // ASP.NET's own diagnostics would log the exception with its message, and a parser's or a store's message
            // can quote the resource it choked on (PHI). We log the type and where instead, and answer with the
            // request id so an operator can find that line.
            SuppressDiagnosticsCallback = _ => true,
            ExceptionHandler = async context =>
            {
                var error = context.Features.Get<IExceptionHandlerPathFeature>();
                if (error?.Error is BadHttpRequestException bad)
                {
                    // Kestrel's refusals while the body is read (too large, too slow): the client's, not ours.
                    await HttpLimits.Answer(bad).ExecuteAsync(context);
                    return;
                }

                ApiLog.RequestFailed(edgeLogger, error?.Error.GetType().Name ?? "exception", context.Request.Method,
                    (error?.Endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "unrouted", context.TraceIdentifier);
                var outcome = FhirResults.Error(StatusCodes.Status500InternalServerError, IssueType.Exception,
                    $"An unexpected error occurred; quote request id {context.TraceIdentifier}. The request may be resent.");
                await outcome.ExecuteAsync(context);
            },
        });
        app.Use(TraceHeaders);
        app.UseFhirErrorPages();
        app.Use(FhirAccess.GateAsync); // every /fhir route but metadata, discovery and the token endpoint (ADR 0016)
        app.UseRateLimiter(); // after the gate: per client id, or per address without a token (ADR 0020)

        var startedAt = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });

        app.MapPost("/notifications/{partner}", NotificationEndpoint.HandleAsync);
        app.MapPut("/notifications/{partner}/{type}/{id}", NotificationEndpoint.HandlePutAsync); // R4 rest-hook with payload

        var fhir = app.MapGroup("/fhir");
        fhir.MapPost("/$process-message", ProcessMessageEndpoint.HandleAsync);
        fhir.MapGet("/metadata", (HttpRequest request, MessagingOptions messaging, AccessTokens tokens) =>
            FhirResults.Resource(CapabilityStatementBuilder.Build(FhirResults.BaseUrl(request), messaging, startedAt, SmartConfiguration.Security(tokens))));
        fhir.MapSmartEndpoints([.. CapabilityStatementBuilder.ResourceTypes, .. ConformanceEndpoints.Types]);
        fhir.MapConformance(); // before the generic routes: these come from the embedded profiles, not the store
        fhir.MapAuditTrail(); // AuditEvent from the audit trail's own table (ADR 0020)
        // Resource types are letters: "$process-message" or "$everything" is no type, so it answers 405 or 404, not a search.
        fhir.MapGet("/{type:alpha}", ResourceEndpoints.SearchAsync);
        fhir.MapGet("/{type:alpha}/{id}", ResourceEndpoints.ReadAsync);
        fhir.MapGet("/{type:alpha}/{id}/_history/{version}", ResourceEndpoints.VReadAsync);
        return app;
    }

    /// <summary>Honours and echoes X-Request-ID and X-Correlation-ID (NHS BaRS); a missing request id is assigned. Both go into log scope.</summary>
    private static async Task TraceHeaders(HttpContext context, Func<Task> next)
    {
        var requestId = context.Request.Headers["X-Request-ID"].FirstOrDefault() is { Length: > 0 and <= 200 } r ? r : Guid.NewGuid().ToString();
        var correlationId = context.Request.Headers["X-Correlation-ID"].FirstOrDefault() is { Length: > 0 and <= 200 } c ? c : requestId;
        context.TraceIdentifier = requestId;
        context.Response.Headers["X-Request-ID"] = requestId;
        context.Response.Headers["X-Correlation-ID"] = correlationId;
        using (LogContext.PushProperty("XRequestId", requestId))
        using (LogContext.PushProperty("XCorrelationId", correlationId))
        {
            await next();
        }
    }

    private sealed class ReadinessCheck(ServiceReadiness readiness) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(readiness.IsReady ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("store opening, parser warming"));
    }
}
