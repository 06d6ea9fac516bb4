using System.ComponentModel.DataAnnotations;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using Microsoft.Extensions.Configuration;

namespace BoneMets.Fhir.Tests.Triage;

public class TriageOptionsTests
{
    private static List<ValidationResult> Validate(TriageOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Defaults_AreValidAndDocumented()
    {
        var options = new TriageOptions();

        Assert.Empty(Validate(options));
        Assert.Equal((TimeSpan.FromHours(24), TimeSpan.FromHours(48), TimeSpan.FromDays(7)), (options.EmergencyWithin, options.UrgentWithin, options.RoutineWithin));
        Assert.Equal((CareTeams.OrthopaedicOncology, Urgency.Urgent), (options.Routing.MirelsFixation.Team, options.Routing.MirelsFixation.Urgency));
        Assert.Equal((CareTeams.OrthopaedicOncology, Urgency.Routine), (options.Routing.MirelsClinicalJudgement.Team, options.Routing.MirelsClinicalJudgement.Urgency));
        Assert.Equal((CareTeams.RadiationOncology, Urgency.Routine), (options.Routing.MirelsObservation.Team, options.Routing.MirelsObservation.Urgency));
        Assert.Equal((CareTeams.NeurosurgicalSpine, Urgency.Urgent), (options.Routing.SinsUnstable.Team, options.Routing.SinsUnstable.Urgency));
        Assert.Equal((CareTeams.MedicalOncology, Urgency.Emergency), (options.Routing.HypercalcaemiaEmergency.Team, options.Routing.HypercalcaemiaEmergency.Urgency));
        Assert.Equal((CareTeams.MedicalOncology, Urgency.Urgent), (options.Routing.HypercalcaemiaModerate.Team, options.Routing.HypercalcaemiaModerate.Urgency));
    }

    [Fact]
    public void ToScoreSettings_DefaultsToTheCitedLauferTable()
    {
        var settings = new TriageOptions().ToScoreSettings();

        Assert.Same(RadiosensitivityTable.Laufer2013, settings.Radiosensitivity);
        Assert.Equal(RadiosensitivityTable.Laufer2013Source, settings.RadiosensitivitySource);
        Assert.Equal((10.5m, false, Escc1cPolicy.LowGradeWithSpineReview), (settings.CalciumUpperLimitOfNormalMgPerDl, settings.CorrectCalciumWhenAlbuminAbove4, settings.Escc1c));
    }

    [Theory]
    [InlineData("7.99")]
    [InlineData("11.5")]
    public void Validate_CalciumUlnOutsideTheCtcaeRange_IsRefused(string uln)
    {
        var options = new TriageOptions { CalciumUpperLimitMgPerDl = decimal.Parse(uln, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(nameof(TriageOptions.CalciumUpperLimitMgPerDl)));
    }

    [Fact]
    public void Validate_DeadlinesOutOfOrder_AreRefused()
    {
        Assert.NotEmpty(Validate(new TriageOptions { UrgentWithin = TimeSpan.FromDays(10) }));
    }

    [Fact]
    public void Validate_RouteToAnUnknownTeam_IsRefusedWithItsKey()
    {
        var options = new TriageOptions();
        options.Routing.MirelsFixation = new RoutePolicy("orthopedics", Urgency.Urgent);

        Assert.Contains(Validate(options), r => r.ErrorMessage!.Contains("Triage:Routing:MirelsFixation:Team 'orthopedics'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RadiosensitivityTableWithoutCitation_IsRefused()
    {
        var options = new TriageOptions { Radiosensitivity = new() { [PrimarySite.Breast] = Radiosensitivity.Radiosensitive } };

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(nameof(TriageOptions.RadiosensitivitySource)));
    }

    [Fact]
    public void Bind_FromConfiguration_OverridesOnlyWhatIsSet()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Triage:Routing:MirelsClinicalJudgement:Urgency"] = "Urgent",
            ["Triage:Escc1c"] = "HighGrade",
            ["Triage:Radiosensitivity:Breast"] = "Radiosensitive",
            ["Triage:RadiosensitivitySource"] = "Local radiotherapy protocol 2025",
        }).Build();

        var options = configuration.GetSection(TriageOptions.Section).Get<TriageOptions>()!;

        Assert.Empty(Validate(options));
        Assert.Equal((CareTeams.OrthopaedicOncology, Urgency.Urgent), (options.Routing.MirelsClinicalJudgement.Team, options.Routing.MirelsClinicalJudgement.Urgency));
        Assert.Equal(Urgency.Urgent, options.Routing.MirelsFixation.Urgency);
        Assert.Equal(Escc1cPolicy.HighGrade, options.Escc1c);
        Assert.Equal(Radiosensitivity.Radiosensitive, Assert.Single(options.ToScoreSettings().Radiosensitivity).Value);
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

        Assert.Equal(errors, Validate(options).Count);
    }
}
