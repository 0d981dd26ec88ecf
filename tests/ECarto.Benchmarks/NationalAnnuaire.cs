using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using ECarto.Sources;
using ECarto.Sources.Cog;
using ECarto.Sources.Colleges;

namespace ECarto.Benchmarks;

/// <summary>What <see cref="NationalAnnuaire.WriteAsync"/> produced.</summary>
public sealed record NationalAnnuaireFile(
    string Path,
    int Rows,
    int TemplateRows,
    int Departements,
    int Communes,
    int WithCoordinates,
    int AnchoredOnCommune,
    long Bytes);

/// <summary>
/// A national-size annuaire built in code from the real rows of the Toulouse and Montpellier extract
/// (data/README.md: « Scale tests build national-size inputs by deriving new rows from the real ones »).
/// <para>Every output row is a copy of a real row (cycled through in a fixed shuffled order) moved to a
/// real current commune of a target département: new UAI (the département's own UAI prefix, a sequence
/// number that no real file under data/ uses, the real check letter), the commune's code, name and first
/// postal code, the département, académie and région codes and names of
/// <c>referentiel-admin/departement_academie_region.csv</c>, and coordinates shifted a little around a real
/// point of that commune (one of its collèges, from the national collèges file) or, when the commune has
/// no collège, around a collège of the same département; they stay inside <see cref="FranceBounds"/>.
/// Rows are spread over the 107 départements (metropolitan France and overseas) in proportion to their
/// population (at least <see cref="MinimumPerDepartement"/> each), and over the communes of a département
/// in proportion to the square root of their population.</para>
/// <para>Deterministic: the same seed and size give the same bytes. The header line is copied as is, and
/// the layout (`;`, quoting, UTF-8 with BOM, \n) is the real file's, so the real AnnuaireReader reads it.</para>
/// </summary>
public static partial class NationalAnnuaire
{
    public const string SampleFile = "annuaire/fr-en-annuaire-education_occitanie_ac-toulouse_ac-montpellier_2024-11-26.csv";

    /// <summary>The file name carries the extract's date: the run's source date is read from it.</summary>
    public const string FileName = "fr-en-annuaire-education_france-derivee_2024-11-26.csv";

    public const int MinimumPerDepartement = 5;

    /// <summary>Largest shift, in degrees of latitude, around the real point a row is anchored on (≈ 2 km).</summary>
    private const double Shift = 0.02;

    /// <summary>The UAI check letter: the seven digits modulo 23 (« 0311131L »: 311131 mod 23 = 10 → L).</summary>
    private const string CheckLetters = "ABCDEFGHJKLMNPRSTUVWXYZ";

    /// <summary>
    /// Chef-lieu coordinates of the collectivities whose collèges are published without coordinates
    /// (Wallis-et-Futuna: Mata-Utu; Polynésie française: Papeete; Nouvelle-Calédonie: Nouméa).
    /// </summary>
    private static readonly Dictionary<string, (double Lat, double Lon)> ChefLieux = new(StringComparer.Ordinal)
    {
        ["986"] = (-13.2825, -176.1736),
        ["987"] = (-17.5350, -149.5696),
        ["988"] = (-22.2758, 166.4580),
    };

    private sealed record DepartementRow(string Cog, string Men, string Name, string AcademieCode, string AcademieName, string RegionCode, string RegionName);

    public static async Task<NationalAnnuaireFile> WriteAsync(string dataRoot, string folder, int rows, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);

        // The real rows, raw: header line kept byte for byte, fields parsed with the file's quoting rules.
        var samplePath = Path.Combine(dataRoot, SampleFile);
        var text = await File.ReadAllTextAsync(samplePath, Encoding.UTF8, cancellationToken);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var headerLine = text[..text.IndexOf('\n', StringComparison.Ordinal)].TrimEnd('\r');
        string[] header;
        var templates = new List<string[]>();
        using (var csv = new CsvReader(new StringReader(text), Csv()))
        {
            if (!await csv.ReadAsync()) throw new InvalidDataException("Annuaire vide.");
            header = csv.Parser.Record ?? throw new InvalidDataException("Annuaire sans en-tête.");
            while (await csv.ReadAsync())
            {
                var record = csv.Parser.Record ?? [];
                if (record.Length == header.Length) templates.Add(record);
            }
        }
        var column = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        int Col(string name) => column.TryGetValue(name, out var i) ? i : throw new InvalidDataException($"Colonne « {name} » absente de {SampleFile}.");
        var uaiCol = Col("Identifiant_de_l_etablissement");
        var realUais = await KnownUaisAsync(dataRoot, cancellationToken);

        var departements = await ReadDepartementsAsync(Path.Combine(dataRoot, "referentiel-admin", CommuneReferential.AcademiesFile), cancellationToken);

        // Today's communes of the COG, through the project's own reader.
        var communes = new Dictionary<string, List<CogCommune>>(StringComparer.Ordinal);
        await using (var stream = File.OpenRead(Path.Combine(dataRoot, "referentiel-admin", CommuneReferential.CommunesFile)))
        {
            await foreach (var row in CogReader.ReadCommunesAsync(stream, cancellationToken))
            {
                if (row.Value is not { Kind: CommuneKind.Current, DepartementCode: { } d } commune) continue;
                if (!communes.TryGetValue(d, out var list)) communes[d] = list = [];
                list.Add(commune);
            }
        }

        // Real points: the collèges of France (coordinates, and each département's UAI prefix), through the project's reader.
        var byCommune = new Dictionary<string, List<(double Lat, double Lon)>>(StringComparer.Ordinal);
        var byDepartement = new Dictionary<string, List<(double Lat, double Lon)>>(StringComparer.Ordinal);
        var prefixes = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        await using (var stream = File.OpenRead(Path.Combine(dataRoot, CollegesSource.Definition.SampleFile)))
        using (var reader = await SourceText.OpenAsync(stream, cancellationToken))
        {
            await foreach (var row in CollegesReader.ReadAsync(reader, cancellationToken))
            {
                if (row.Value is not { } college || SourceValues.DepartementCode(college.DepartementCode) is not { } d) continue;
                if (!prefixes.TryGetValue(d, out var counts)) prefixes[d] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                counts[college.Uai[..3]] = counts.GetValueOrDefault(college.Uai[..3]) + 1;
                if (college is { Latitude: { } lat, Longitude: { } lon } && FranceBounds.Contains(lat, lon))
                {
                    (byCommune.TryGetValue(college.CommuneCode, out var c) ? c : byCommune[college.CommuneCode] = []).Add((lat, lon));
                    (byDepartement.TryGetValue(d, out var p) ? p : byDepartement[d] = []).Add((lat, lon));
                }
            }
        }

        // Rows per département: proportional to population, at least MinimumPerDepartement, largest remainders.
        var targets = departements.Where(d => communes.ContainsKey(d.Cog)).ToList();
        if (rows < targets.Count * MinimumPerDepartement) throw new ArgumentOutOfRangeException(nameof(rows), $"Au moins {targets.Count * MinimumPerDepartement} établissements.");
        var population = targets.ToDictionary(d => d.Cog, d => communes[d.Cog].Sum(c => (double)(c.Population ?? 0)), StringComparer.Ordinal);
        var totalPopulation = population.Values.Sum();
        var spread = rows - targets.Count * MinimumPerDepartement;
        var shares = targets.Select(d => (d, exact: spread * population[d.Cog] / totalPopulation)).ToList();
        var perDepartement = shares.ToDictionary(s => s.d.Cog, s => MinimumPerDepartement + (int)Math.Floor(s.exact), StringComparer.Ordinal);
        var left = rows - perDepartement.Values.Sum();
        foreach (var s in shares.OrderByDescending(s => s.exact - Math.Floor(s.exact)).ThenBy(s => s.d.Cog, StringComparer.Ordinal).Take(left))
        {
            perDepartement[s.d.Cog]++;
        }

        // The real rows in a fixed shuffled order, cycled through.
        var order = Enumerable.Range(0, templates.Count).ToArray();
        random.Shuffle(order);

        var nextNumber = new Dictionary<string, int>(StringComparer.Ordinal);
        var usedCommunes = new HashSet<string>(StringComparer.Ordinal);
        int written = 0, withCoordinates = 0, anchoredOnCommune = 0;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        await using (var file = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)) { NewLine = "\n" })
        {
            await file.WriteAsync(headerLine + "\n");
            await using var csv = new CsvWriter(file, Csv());
            foreach (var d in targets)
            {
                var list = communes[d.Cog];
                var cumulative = new double[list.Count];
                var sum = 0.0;
                for (var i = 0; i < list.Count; i++) cumulative[i] = sum += Math.Sqrt(Math.Max(1, list[i].Population ?? 0));
                var prefix = prefixes.TryGetValue(d.Cog, out var seen) ? seen.MaxBy(p => p.Value).Key : d.Men;
                if (prefix.Length != 3 || !prefix.All(char.IsAsciiDigit)) throw new InvalidDataException($"Préfixe UAI inconnu pour le département {d.Cog}.");

                for (var n = 0; n < perDepartement[d.Cog]; n++)
                {
                    var template = templates[order[written % order.Length]];
                    var fields = (string[])template.Clone();
                    var commune = list[Pick(cumulative, random.NextDouble() * sum)];
                    usedCommunes.Add(commune.Code);

                    var uai = NewUai(prefix, nextNumber, realUais);
                    var oldUai = template[uaiCol].Trim();
                    fields[uaiCol] = uai;
                    fields[Col("Code_postal")] = commune.PostalCodes.FirstOrDefault() ?? "";
                    fields[Col("Code_commune")] = commune.Code;
                    fields[Col("Nom_commune")] = commune.Name;
                    fields[Col("Code_departement")] = d.Men;
                    fields[Col("Code_academie")] = d.AcademieCode;
                    fields[Col("Code_region")] = d.RegionCode;
                    fields[Col("Libelle_departement")] = d.Name;
                    fields[Col("Libelle_academie")] = d.AcademieName;
                    fields[Col("Libelle_region")] = d.RegionName;
                    fields[Col("Mail")] = Regex.Replace(fields[Col("Mail")], Regex.Escape(oldUai),
                        m => m.Value.Any(char.IsAsciiLetterLower) ? uai.ToLowerInvariant() : uai, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                    // Identifiers that pointed at other real rows, and projected coordinates of the old place.
                    foreach (var stale in new[] { "etablissement_mere", "type_rattachement_etablissement_mere", "coordX_origine", "coordY_origine", "epsg_origine" })
                    {
                        fields[Col(stale)] = "";
                    }

                    var hadCoordinates = !string.IsNullOrWhiteSpace(template[Col("latitude")]);
                    if (hadCoordinates && Anchor(d.Cog, commune.Code, byCommune, byDepartement, random, out var onCommune) is { } anchor)
                    {
                        var (lat, lon) = Near(anchor, random);
                        fields[Col("latitude")] = Coordinate(lat);
                        fields[Col("longitude")] = Coordinate(lon);
                        fields[Col("position")] = $"{Coordinate(lat)}, {Coordinate(lon)}";
                        withCoordinates++;
                        if (onCommune) anchoredOnCommune++;
                    }
                    else
                    {
                        fields[Col("latitude")] = fields[Col("longitude")] = fields[Col("position")] = "";
                    }

                    foreach (var field in fields) csv.WriteField(field);
                    await csv.NextRecordAsync();
                    written++;
                }
            }
        }
        return new NationalAnnuaireFile(path, written, templates.Count, targets.Count, usedCommunes.Count, withCoordinates, anchoredOnCommune, new FileInfo(path).Length);
    }

    /// <summary>
    /// Every UAI-like token of every CSV file under data/ (annuaire, collèges, effectifs, IPS): a derived
    /// establishment must not take the identity of a real one, or the composition would give it that
    /// one's coordinates, pupils or IPS.
    /// </summary>
    private static async Task<HashSet<string>> KnownUaisAsync(string dataRoot, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(dataRoot, "*.csv", SearchOption.AllDirectories))
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken);
            foreach (Match match in UaiToken().Matches(text)) known.Add(match.Value.ToUpperInvariant());
        }
        return known;
    }

    [GeneratedRegex(@"\b[0-9]{7}[A-Za-z]\b")]
    private static partial Regex UaiToken();

    /// <summary>A new UAI with the département's prefix: next free number (no real file has it), real check letter.</summary>
    private static string NewUai(string prefix, Dictionary<string, int> next, HashSet<string> real)
    {
        var number = next.GetValueOrDefault(prefix);
        while (true)
        {
            number++;
            if (number > 9999) throw new InvalidOperationException($"Plus de 9 999 établissements pour le préfixe UAI {prefix} : réduisez --schools.");
            var digits = prefix + number.ToString("D4", CultureInfo.InvariantCulture);
            var uai = digits + CheckLetters[(int)(long.Parse(digits, CultureInfo.InvariantCulture) % 23)];
            if (real.Contains(uai)) continue;
            next[prefix] = number;
            return uai;
        }
    }

    private static (double Lat, double Lon)? Anchor(
        string departement,
        string commune,
        Dictionary<string, List<(double Lat, double Lon)>> byCommune,
        Dictionary<string, List<(double Lat, double Lon)>> byDepartement,
        Random random,
        out bool onCommune)
    {
        onCommune = byCommune.TryGetValue(commune, out var own);
        if (onCommune) return own![random.Next(own.Count)];
        if (byDepartement.TryGetValue(departement, out var points)) return points[random.Next(points.Count)];
        return ChefLieux.TryGetValue(departement, out var chefLieu) ? chefLieu : null;
    }

    /// <summary>Up to <see cref="Shift"/> degrees away (the same distance in longitude), never outside France.</summary>
    private static (double Lat, double Lon) Near((double Lat, double Lon) anchor, Random random)
    {
        var scale = Shift;
        for (var attempt = 0; attempt < 8; attempt++, scale /= 2)
        {
            var lat = anchor.Lat + (random.NextDouble() * 2 - 1) * scale;
            var lon = anchor.Lon + (random.NextDouble() * 2 - 1) * scale / Math.Max(0.2, Math.Cos(anchor.Lat * Math.PI / 180));
            if (FranceBounds.Contains(lat, lon)) return (lat, lon);
        }
        return anchor;
    }

    private static int Pick(double[] cumulative, double value)
    {
        var index = Array.BinarySearch(cumulative, value);
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }

    private static string Coordinate(double value) => Math.Round(value, 9).ToString("0.#########", CultureInfo.InvariantCulture);

    private static CsvConfiguration Csv() => new(CultureInfo.InvariantCulture)
    {
        Delimiter = ";",
        HasHeaderRecord = false,
        BadDataFound = null,
        MissingFieldFound = null,
        NewLine = "\n",
        TrimOptions = TrimOptions.None,
    };

    private static async Task<List<DepartementRow>> ReadDepartementsAsync(string path, CancellationToken cancellationToken)
    {
        var result = new List<DepartementRow>();
        using var csv = new CsvReader(new StreamReader(path, Encoding.UTF8), new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";" });
        await csv.ReadAsync();
        csv.ReadHeader();
        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new DepartementRow(
                csv.GetField("code_departement_cog")!, csv.GetField("code_departement_men")!, csv.GetField("libelle_departement_men")!,
                csv.GetField("code_academie")!, csv.GetField("libelle_academie")!, csv.GetField("code_region_men")!, csv.GetField("libelle_region_men")!));
        }
        return result;
    }
}
