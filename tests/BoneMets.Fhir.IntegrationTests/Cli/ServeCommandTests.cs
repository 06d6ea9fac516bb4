using BoneMets.Fhir.Service.Cli;

namespace BoneMets.Fhir.IntegrationTests.Cli;

/// <summary>"serve" on a configuration it refuses: it stops before listening, with exit 2, whatever the refusal.</summary>
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("--Partners:west:Subscription:PollFilter", "ServiceRequest?performer=Organization/bonemets")] // an old key (issue 20)
    [InlineData("--Partners:west:Subscription:Mode", "backport")] // a partner with no Filter
    public async Task RunAsync_RefusedPartnerConfiguration_Exit2BeforeServing(string key, string value)
    {
        var data = Directory.CreateTempSubdirectory("bonemets-serve-").FullName;
        try
        {
            var exit = await ServeCommand.RunAsync(
                ["--urls", "http://127.0.0.1:0", "--data", data, "--Partners:west:BaseUrl", "https://ehr.example.org/fhir", key, value]);

            Assert.Equal(2, exit);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("--Store:Provider", "mysql")] // not a store
    public async Task RunAsync_RefusedStoreConfiguration_Exit2BeforeServing(string key, string value)
    {
        var data = Directory.CreateTempSubdirectory("bonemets-serve-").FullName;
        try
        {
            Assert.Equal(2, await ServeCommand.RunAsync(["--urls", "http://127.0.0.1:0", "--data", data, key, value]));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
