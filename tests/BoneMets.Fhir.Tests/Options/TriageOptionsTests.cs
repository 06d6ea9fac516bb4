using BoneMets.Fhir.Options;
using static BoneMets.Fhir.Tests.Options.ProgramOptionsTests;

namespace BoneMets.Fhir.Tests.Options;

public class TriageOptionsTests
{
    [Fact]
    public void Validate_Defaults_Valid()
    {
        Assert.Empty(Errors(new TriageOptions()));
    }

    [Theory]
    [InlineData(24, 48, 168, "orthopaedic-oncology", 0)]
    [InlineData(48, 24, 168, "orthopaedic-oncology", 1)] // emergency later than urgent
    [InlineData(0, 48, 168, "orthopaedic-oncology", 1)]
    [InlineData(24, 48, 168, "dermatology", 1)]
    public void Validate_DeadlinesAndDefaultTeam_OrderedAndKnown(int emergencyHours, int urgentHours, int routineHours, string team, int errors)
    {
        var options = new TriageOptions
        {
            EmergencyWithin = TimeSpan.FromHours(emergencyHours),
            UrgentWithin = TimeSpan.FromHours(urgentHours),
            RoutineWithin = TimeSpan.FromHours(routineHours),
            DefaultTeam = team,
        };

        Assert.Equal(errors, Errors(options).Count);
    }
}
