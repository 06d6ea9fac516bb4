using System.CommandLine;
using System.CommandLine.Help;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// The verbs of the bonemets executable, parsed by System.CommandLine ("serve" is the default). Every verb has
/// <c>--help</c>; a usage error prints the verb's usage line and what was wrong, and exits 2. Configuration overrides
/// (<c>--Section:Key value</c>) are not verb options: they go to the configuration as the service reads it.
/// </summary>
public static class BoneMetsCommandLine
{
    public const int UsageError = 2;

    public static Task<int> RunAsync(string[] args) => InvokeAsync(args, Console.In, Console.Out, Console.Error);

    /// <summary>Parses and runs one command line; the verbs' own RunAsync entry points come through here too.</summary>
    internal static async Task<int> InvokeAsync(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error)
    {
        var cli = new CliContext(input, output, error);
        var root = Root(cli);
        (var verbArgs, cli.Configuration) = ConfigurationArguments.Split(args, OptionNames(root));
        var parsed = root.Parse(verbArgs);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            var verb = parsed.CommandResult.Command;
            var usage = (verb as Verb ?? verb.Parents.OfType<Verb>().FirstOrDefault())?.Usage;
            await error.WriteLineAsync(string.Join(Environment.NewLine,
                [.. usage is null ? [] : new[] { "Usage: " + usage }, .. parsed.Errors.Select(e => e.Message),
                 $"Run 'bonemets {(verb is RootCommand ? "" : verb.Name + " ")}--help' for more."]));
            return UsageError;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    private static HashSet<string> OptionNames(Command command) =>
        [.. command.Options.SelectMany(o => o.Aliases.Append(o.Name)), .. command.Subcommands.SelectMany(OptionNames)];

    internal static RootCommand Root(CliContext cli)
    {
        var root = new RootCommand("bonemets — FHIR integration service for bone and spine metastasis programs. Without a verb: serve.");
        var serve = ServeCommand.Command(cli);
        foreach (var option in serve.Options)
        {
            root.Options.Add(option);
        }

        root.Action = serve.Action;
        root.Subcommands.Add(serve);
        root.Subcommands.Add(TokenCommand.Command(cli));
        root.Subcommands.Add(DemoCommand.Command(cli));
        root.Subcommands.Add(OperatorCommands.ParkedCommand(cli));
        root.Subcommands.Add(OperatorCommands.RetryCommand(cli));
        root.Subcommands.Add(DeliveryCommands.Command(cli));
        root.Subcommands.Add(PartnerCommands.Command(cli));
        root.Subcommands.Add(TriageCommand.Command(cli));
        root.Subcommands.Add(ValidateCommand.Command(cli));
        root.Subcommands.Add(CoordinatorCommands.Command(cli));
        root.Subcommands.Add(DbCommands.Command(cli));

        // "bonemets help" as before, beside --help, -h and -?.
        var help = new Command("help", "Show this help.") { Hidden = true };
        help.SetAction(_ => root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = cli.Output, Error = cli.Error }));
        root.Subcommands.Add(help);
        return root;
    }

    /// <summary><c>--data DIR</c>: the embedded SQLite store's directory, short for <c>--Store:DataDirectory DIR</c>.</summary>
    internal static Option<string> DataOption() => new("--data")
    {
        Description = "Directory of the embedded SQLite store (default ./data); short for --Store:DataDirectory.",
        HelpName = "DIR",
    };
}

/// <summary>A verb with the one-line usage printed when it is used wrongly.</summary>
internal sealed class Verb(string name, string description, string usage) : Command(name, description)
{
    public string Usage { get; } = usage;
}

/// <summary>Where a verb reads and writes, and the configuration overrides given beside it.</summary>
internal sealed class CliContext(TextReader input, TextWriter output, TextWriter error)
{
    public TextReader Input { get; } = input;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>The configuration arguments given beside the verb (see <see cref="ConfigurationArguments"/>).</summary>
    public IReadOnlyList<string> Configuration { get; set; } = [];

    /// <summary>The overrides as configuration arguments, with <c>--data</c> (when given) as Store:DataDirectory.</summary>
    public string[] ConfigurationWith(ParseResult parsed, Option<string> data) =>
        parsed.GetValue(data) is { } directory ? [.. Configuration, "--Store:DataDirectory", directory] : [.. Configuration];
}

/// <summary>
/// Configuration overrides are written as the configuration's command-line provider reads them: <c>--Section:Key value</c>
/// or <c>--Section:Key=value</c> (a key with a colon), <c>--Key=value</c> for a key that is no verb's option, and the
/// host's own keys (<c>--environment</c>, <c>--contentRoot</c>, <c>--applicationName</c>; WebApplicationFactory starts the
/// service with such arguments). They are taken out before the verbs are parsed, so a mistyped verb option
/// (<c>--fromat text</c>) is still a usage error.
/// </summary>
internal static class ConfigurationArguments
{
    private static readonly string[] HostKeys = ["--environment", "--contentRoot", "--applicationName"];

    public static (string[] Verb, string[] Configuration) Split(IReadOnlyList<string> args, IReadOnlySet<string> verbOptions)
    {
        var verb = new List<string>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            var isConfiguration = arg.StartsWith("--", StringComparison.Ordinal)
                && (name.Contains(':', StringComparison.Ordinal) || HostKeys.Contains(name, StringComparer.OrdinalIgnoreCase)
                    || (arg.Contains('=', StringComparison.Ordinal) && !verbOptions.Contains(name)));
            if (!isConfiguration)
            {
                verb.Add(arg);
                continue;
            }

            configuration.Add(arg);
            if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count)
            {
                configuration.Add(args[++i]);
            }
        }

        return ([.. verb], [.. configuration]);
    }
}
