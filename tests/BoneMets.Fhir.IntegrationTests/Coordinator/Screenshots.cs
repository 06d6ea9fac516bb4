namespace BoneMets.Fhir.IntegrationTests.Coordinator;

/// <summary>
/// Copies a screenshot a browser test took into docs/screenshots/ when BONEMETS_SCREENSHOTS names that folder (the
/// README's pictures are refreshed that way); otherwise it stays in the test's temporary store.
/// </summary>
public static class Screenshots
{
    public static void Keep(string taken, string name)
    {
        if (Environment.GetEnvironmentVariable("BONEMETS_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.Copy(taken, Path.Combine(folder, name), overwrite: true);
        }
    }
}
