namespace BoneMets.Fhir.Triage.Findings;

/// <summary>Region of the spine a level belongs to; <see cref="Occiput"/> stands for the occipito-cervical junction (O–C1).</summary>
public enum SpinalRegion { Occiput, Cervical, Thoracic, Lumbar, Sacral }

/// <summary>
/// A spinal level as coded in <c>spinal-level</c>: "occiput", C1..C7, T1..T12, L1..L5, S1..S5.
/// </summary>
public readonly record struct SpinalLevel
{
    private SpinalLevel(SpinalRegion region, int number)
    {
        Region = region;
        Number = number;
    }

    public SpinalRegion Region { get; }

    /// <summary>1-based number within the region; 0 for the occiput.</summary>
    public int Number { get; }

    public static SpinalLevel Occiput { get; } = new(SpinalRegion.Occiput, 0);

    public static SpinalLevel Cervical(int number) => Create(SpinalRegion.Cervical, number);

    public static SpinalLevel Thoracic(int number) => Create(SpinalRegion.Thoracic, number);

    public static SpinalLevel Lumbar(int number) => Create(SpinalRegion.Lumbar, number);

    public static SpinalLevel Sacral(int number) => Create(SpinalRegion.Sacral, number);

    /// <summary>Parses a code of the spinal-level CodeSystem (case-sensitive: "c7" is not a code).</summary>
    public static bool TryParse(string? code, out SpinalLevel level)
    {
        level = default;
        if (code == "occiput")
        {
            level = Occiput;
            return true;
        }

        if (code is not { Length: 2 or 3 } || !int.TryParse(code.AsSpan(1), out var number) || code[1] == '0')
        {
            return false;
        }

        SpinalRegion? region = code[0] switch
        {
            'C' => SpinalRegion.Cervical,
            'T' => SpinalRegion.Thoracic,
            'L' => SpinalRegion.Lumbar,
            'S' => SpinalRegion.Sacral,
            _ => null,
        };
        if (region is not { } r || number < 1 || number > Count(r))
        {
            return false;
        }

        level = new SpinalLevel(r, number);
        return true;
    }

    public override string ToString() => Region switch
    {
        SpinalRegion.Occiput => "occiput",
        SpinalRegion.Cervical => $"C{Number}",
        SpinalRegion.Thoracic => $"T{Number}",
        SpinalRegion.Lumbar => $"L{Number}",
        _ => $"S{Number}",
    };

    private static SpinalLevel Create(SpinalRegion region, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, Count(region));
        return new SpinalLevel(region, number);
    }

    private static int Count(SpinalRegion region) => region switch
    {
        SpinalRegion.Cervical => 7,
        SpinalRegion.Thoracic => 12,
        SpinalRegion.Lumbar => 5,
        SpinalRegion.Sacral => 5,
        _ => 0,
    };
}
