using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Options;

/// <summary>
/// The program's own resources, which every write-back references: the program Organization, one
/// HealthcareService per team (no NUCC code exists for orthopaedic oncology, so teams are local services),
/// the service itself as a Device (author of everything it generates), and the clinic and virtual Locations.
/// Written at startup; unchanged content writes no new version.
/// </summary>
public sealed class ProgramDirectory(ProgramOptions options)
{
    public const string OrganizationId = "bonemets-program";
    public const string DeviceId = "bonemets-fhir";
    public const string ClinicLocationId = "bonemets-clinic";
    public const string VirtualLocationId = "bonemets-virtual";

    public static string OrganizationReference => $"Organization/{OrganizationId}";

    public static string DeviceReference => $"Device/{DeviceId}";

    public static string TeamReference(string team) => $"HealthcareService/{team}";

    public IReadOnlyList<Resource> Resources()
    {
        var resources = new List<Resource>
        {
            new Organization
            {
                Id = OrganizationId,
                Active = true,
                Name = options.Name,
                Identifier = [new Identifier(CodeSystems.ProgramOrganizationIdentifier, OrganizationId)],
            },
            new Device
            {
                Id = DeviceId,
                Status = Device.FHIRDeviceStatus.Active,
                DeviceName = [new Device.DeviceNameComponent { Name = "BoneMets.Fhir", Type = DeviceNameType.ManufacturerName }],
                Version = [new Device.VersionComponent { Value = typeof(ProgramDirectory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0" }],
                Owner = new ResourceReference(OrganizationReference),
            },
            Location(ClinicLocationId, $"{options.Name} clinic", "bu", "Building"),
            Location(VirtualLocationId, $"{options.Name} virtual clinic", "vi", "Virtual"),
        };
        resources.AddRange(CareTeams.All.Select(Team));
        return resources;
    }

    private static Location Location(string id, string name, string code, string display) => new()
    {
        Id = id,
        Status = Hl7.Fhir.Model.Location.LocationStatus.Active,
        Name = name,
        PhysicalType = new CodeableConcept(CodeSystems.LocationPhysicalType, code, display),
        ManagingOrganization = new ResourceReference(OrganizationReference),
    };

    private static HealthcareService Team(string team)
    {
        var service = new HealthcareService
        {
            Id = team,
            Active = true,
            Name = CareTeams.Display(team),
            ProvidedBy = new ResourceReference(OrganizationReference),
            Type = [new CodeableConcept(CodeSystems.CareTeam, team, CareTeams.Display(team))],
        };
        if (CareTeams.NuccTaxonomy(team) is { } nucc)
        {
            service.Specialty = [new CodeableConcept(CodeSystems.Nucc, nucc)];
        }

        return service;
    }
}
