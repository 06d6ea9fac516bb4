using BoneMets.Fhir.Service.Cli;

// bonemets [serve] [--urls URL] [--data DIR] | demo | parked | retry N | help
return await BoneMetsCommandLine.RunAsync(args);

/// <summary>The entry point, public for WebApplicationFactory in the host tests.</summary>
public partial class Program;
