namespace BoneMets.Fhir.Profiles;

internal static class VerifyStep
{
    public static Task<int> RunAsync(string generatedDirectory, string samplesDirectory, string? writeBackDirectory)
    {
        Console.WriteLine($"verify {generatedDirectory} {samplesDirectory} {writeBackDirectory}");
        return Task.FromResult(0);
    }
}
