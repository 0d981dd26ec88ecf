using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ECarto.Establishments;
using ECarto.Search;
using ECarto.Sources;
using ECarto.Sources.Annuaire;
using ECarto.Sources.Cog;
using ECarto.Territories;

namespace ECarto.Benchmarks;

/// <summary>
/// The search benchmark of issue 10 (<c>-- --search</c>): a national-size index (the derived annuaire of
/// <see cref="NationalAnnuaire"/>, every commune of the COG), its build time and memory, and the latency of
/// suggestions and filtered searches over a few thousand mixed queries after warm-up. Not a test: it prints
/// the figures and the goals (p99 ≤ 5 ms, build ≤ 3 s, ≤ 150 MB).
/// </summary>
public static class SearchBenchmark
{
    public static async Task<int> RunAsync(string dataRoot, BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ecarto-search-bench-{Guid.NewGuid():N}"[..32]);
        try
        {
            Console.WriteLine($"Annuaire national dérivé : {options.Schools} établissements (graine {options.Seed})…");
            var file = await NationalAnnuaire.WriteAsync(dataRoot, folder, options.Schools, options.Seed, cancellationToken);
            var merged = new AnnuaireSchools(SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26"));
            await using (var stream = File.OpenRead(file.Path))
            using (var reader = await SourceText.OpenAsync(stream, cancellationToken))
            {
                await foreach (var row in AnnuaireReader.ReadAsync(reader, cancellationToken))
                {
                    if (row.Value is { } value) merged.Add(row.Line, value);
                }
            }
            var schools = merged.Schools().Select(s => s with { Types = SchoolScope.Types(s.Types) }).ToList();
            var referential = await CommuneReferential.LoadAsync(Path.Combine(dataRoot, "referentiel-admin"), cancellationToken);
            var territories = TerritoryAggregation.Build(referential, schools, [], [])
                .Select(t => t with { Indicators = [] }) // the directory keeps headers only
                .ToList();

            // Build, as the providers do once per version (the snapshot's schools and the territory headers in memory).
            Collect();
            var before = GC.GetTotalMemory(true);
            var clock = Stopwatch.StartNew();
            var schoolIndex = new SchoolIndex(schools, "bench");
            var schoolSeconds = clock.Elapsed.TotalSeconds;
            var index = new SuggestionIndex(schoolIndex, territories);
            var buildSeconds = clock.Elapsed.TotalSeconds;
            Collect();
            var memory = GC.GetTotalMemory(true) - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Index : {schoolIndex.Count} établissements, {index.TerritoryCount} territoires ; construit en {buildSeconds:F2} s (établissements {schoolSeconds:F2} s) {Mark(buildSeconds <= 3)} objectif ≤ 3 s ; mémoire {memory / 1048576.0:F0} Mo {Mark(memory <= 150L * 1048576)} objectif ≤ 150 Mo"));

            var random = new Random(options.Seed);
            var queries = MixedQueries(schools, territories, options.SearchQueries * 2, random);
            string?[] types = [null, null, "ecole", "college", "lycee"];
            var filters = queries.Select(_ => types[random.Next(types.Length)]).ToList();

            var suggestions = Measure(queries, q => index.Suggest(q, SuggestionHandlersLimit));
            Report("suggestions (GET /api/recherche, 5 par groupe)", suggestions, queries);
            var searches = Measure(queries, (q, i) => schoolIndex.Search(q, filters[i], 1, 20));
            Report("recherches filtrées par type (SchoolIndex.Search)", searches, queries);

            // The faceted search of GET /api/etablissements: filters combined, every facet counted.
            clock.Restart();
            var directory = new TerritoryDirectory("bench", territories, []);
            var catalog = new SchoolCatalog(schoolIndex, directory);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Catalogue des filtres (SchoolCatalog) construit en {clock.Elapsed.TotalSeconds:F2} s (annuaire des territoires compris)"));
            var selections = Selections(queries, territories, random);
            var faceted = Measure(queries, (_, i) => catalog.Search(selections[i], 1, 20));
            Report("recherches à facettes (GET /api/etablissements : SchoolCatalog.Search, filtres et facettes)", faceted, selections.Select(Describe).ToList());

            Profile(schoolIndex, catalog);

            // « proches » (GET /api/etablissements/proches): around points near schools, radii up to the 50 km cap.
            var points = Points(schools, queries.Count, random);
            var nearby = Measure(queries, (_, i) => catalog.Nearby(points[i].Latitude, points[i].Longitude, points[i].Radius, points[i].Type, 1, 20));
            Report("proches (GET /api/etablissements/proches : SchoolCatalog.Nearby, 20 premiers)", nearby,
                points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Latitude:F3},{p.Longitude:F3} {p.Radius} m {p.Type ?? "(par défaut)"}")).ToList());

            if (options.SearchLucene) CompareWithLucene(schools, territories, queries, filters, index, buildSeconds, memory);
            GC.KeepAlive(index);
            return 0;
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Random filter combinations over the mixed queries (a fifth without words): type, sector, territory, priority education.</summary>
    private static List<SchoolSelection> Selections(List<string> queries, List<Territory> territories, Random random)
    {
        var places = territories.Where(t => t.Level is TerritoryLevel.Commune or TerritoryLevel.Departement or TerritoryLevel.Academie or TerritoryLevel.Region).ToList();
        string?[] types = [null, null, "ecole", "college", "lycee", "lycee-pro"];
        string?[] sectors = [null, null, "public", "prive"];
        string?[] priority = [null, null, null, "rep", "rep-plus", "hors"];
        return queries.Select(q =>
        {
            var filters = new Dictionary<string, string>(StringComparer.Ordinal);
            void Maybe(string parameter, string? value)
            {
                if (value is not null) filters[parameter] = value;
            }
            Maybe(SchoolFilters.Type, types[random.Next(types.Length)]);
            Maybe(SchoolFilters.Sector, sectors[random.Next(sectors.Length)]);
            Maybe(SchoolFilters.PriorityEducation, priority[random.Next(priority.Length)]);
            if (random.Next(3) == 0)
            {
                var place = places[random.Next(places.Count)];
                filters[SchoolFilters.Territory] = $"{place.Level}:{place.Code}";
            }
            return new SchoolSelection { Query = random.Next(5) == 0 ? "" : q, Filters = filters };
        }).ToList();
    }

    /// <summary>
    /// Where the time of the heaviest faceted searches goes: the same words through the type search alone
    /// (text matching and ranking, no facet), then through the faceted search, with the bytes allocated.
    /// </summary>
    private static void Profile(SchoolIndex index, SchoolCatalog catalog)
    {
        Console.WriteLine("Profil des recherches les plus larges (moyenne de 200, après 50 d'échauffement) :");
        foreach (var query in new[] { "ecole", "college", "lycee", "" })
        {
            var selection = new SchoolSelection { Query = query };
            var (text, textBytes) = Time(() => index.Search(query, null, 1, 20));
            var (faceted, facetedBytes) = Time(() => catalog.Search(selection, 1, 20));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  « {query} » ({catalog.Search(selection, 1, 1).Total} résultats) : texte et rang seuls {text:F2} ms ({textBytes / 1024.0:F1} Kio) ; avec filtres et facettes {faceted:F2} ms ({facetedBytes / 1024.0:F1} Kio)"));
        }

        // The load benchmark's « recherche-college-hasard »: any page, 10 to 100 results, so most pages are deep.
        var college = new SchoolSelection { Query = "college" };
        var total = catalog.Search(college, 1, 1).Total;
        var random = new Random(7);
        var (deep, deepBytes) = Time(() =>
        {
            var size = 10 * (1 + random.Next(10));
            catalog.Search(college, 1 + random.Next(Math.Max(1, total / size)), size);
        });
        var (last, lastBytes) = Time(() => catalog.Search(college, total / 100, 100));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  « college », page et taille au hasard : {deep:F2} ms ({deepBytes / 1024.0:F1} Kio) ; avant-dernière page de 100 : {last:F2} ms ({lastBytes / 1024.0:F1} Kio)"));

        static (double Milliseconds, long Bytes) Time(Action run)
        {
            for (var i = 0; i < 50; i++) run();
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < 200; i++) run();
            return (Stopwatch.GetElapsedTime(start).TotalMilliseconds / 200, (GC.GetAllocatedBytesForCurrentThread() - bytes) / 200);
        }
    }

    /// <summary>Points within 0.05° of a school (a third exactly on one), radii from 500 m to the 50 km cap, a type once in four.</summary>
    private static List<(double Latitude, double Longitude, int Radius, string? Type)> Points(List<School> schools, int count, Random random)
    {
        var placed = schools.Where(s => s.Latitude is not null && s.Longitude is not null).ToList();
        int[] radii = [500, 2_000, 2_000, 5_000, 10_000, 20_000, 50_000];
        string?[] types = [null, null, null, "college"];
        return Enumerable.Range(0, count).Select(_ =>
        {
            var school = placed[random.Next(placed.Count)];
            var jitter = random.Next(3) == 0 ? 0 : 0.05;
            return (school.Latitude!.Value + (random.NextDouble() - 0.5) * jitter, school.Longitude!.Value + (random.NextDouble() - 0.5) * jitter,
                radii[random.Next(radii.Length)], types[random.Next(types.Length)]);
        }).ToList();
    }

    private static string Describe(SchoolSelection s) => string.Join(' ', s.Filters.Select(f => $"{f.Key}={f.Value}").Prepend(s.Query.Length > 0 ? s.Query : "(sans mots)"));

    /// <summary>
    /// Lucene.Net on the same national data and queries (build, memory, latencies), then both engines on the
    /// labelled query set of the tests (over the real sample, as <c>QuerySetTests</c>).
    /// </summary>
    private static void CompareWithLucene(List<School> schools, List<Territory> territories, List<string> queries, List<string?> filters, SuggestionIndex handMade, double handMadeSeconds, long handMadeMemory)
    {
        Console.WriteLine();
        Console.WriteLine("Lucene.Net 4.8.0-beta00017 (comparaison, hors produit) :");
        Collect();
        var before = GC.GetTotalMemory(true);
        var clock = Stopwatch.StartNew();
        using var lucene = new SearchLucene(schools, territories);
        var seconds = clock.Elapsed.TotalSeconds;
        Collect();
        var memory = GC.GetTotalMemory(true) - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Index Lucene construit en {seconds:F2} s (fait main : {handMadeSeconds:F2} s) ; mémoire {memory / 1048576.0:F0} Mo (fait main : {handMadeMemory / 1048576.0:F0} Mo)"));
        Report("Lucene : suggestions (5 par groupe)", Measure(queries, q => lucene.Suggest(q, SuggestionHandlersLimit, schools)), queries);
        Report("Lucene : recherches filtrées par type", Measure(queries, (q, i) => lucene.Search(q, filters[i], 20)), queries);

        var repository = RepositoryLayout.FindRoot() ?? throw new DirectoryNotFoundException("Racine du dépôt introuvable.");
        var file = Path.Combine(repository, "tests", "ECarto.Tests", "Search", "queries.tsv");
        var labelled = File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
        var (sampleSchools, sampleTerritories) = Sample(repository);
        var sampleIndex = new SuggestionIndex(new SchoolIndex(sampleSchools, "sample"), sampleTerritories);
        using var sampleLucene = new SearchLucene(sampleSchools, sampleTerritories);
        Console.WriteLine($"Jeu de requêtes étiquetées ({labelled.Count}, échantillon réel) : rang 1 / 5 premiers, fait main puis Lucene");
        foreach (var kind in labelled.GroupBy(l => l[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var hand = kind.Select(l => sampleIndex.Suggest(l[3], 20).Single(g => g.Niveau == l[1]).Items.Select(i => i.Code).ToList().IndexOf(l[2]) + 1).ToList();
            var luc = kind.Select(l => sampleLucene.Suggest(l[3], 20, sampleSchools).Single(g => g.Niveau == l[1]).Codes.IndexOf(l[2]) + 1).ToList();
            string Rates(List<int> ranks) => string.Create(CultureInfo.InvariantCulture,
                $"{100.0 * ranks.Count(r => r == 1) / ranks.Count:F1} % / {100.0 * ranks.Count(r => r is >= 1 and <= 5) / ranks.Count:F1} %");
            Console.WriteLine($"  {kind.Key} ({kind.Count()}) : fait main {Rates(hand)} ; Lucene {Rates(luc)}");
        }
    }

    /// <summary>The real sample of the tests: the annuaire extract and the territories of the real COG.</summary>
    private static (List<School> Schools, List<Territory> Territories) Sample(string repository)
    {
        var data = Path.Combine(repository, "data");
        var merged = new AnnuaireSchools(SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26"));
        using (var stream = File.OpenRead(Path.Combine(data, NationalAnnuaire.SampleFile)))
        using (var reader = SourceText.OpenAsync(stream, CancellationToken.None).GetAwaiter().GetResult())
        {
            var rows = AnnuaireReader.ReadAsync(reader, CancellationToken.None).GetAsyncEnumerator();
            while (rows.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                if (rows.Current.Value is { } value) merged.Add(rows.Current.Line, value);
            }
        }
        var schools = merged.Schools().Select(s => s with { Types = SchoolScope.Types(s.Types) }).ToList();
        var referential = CommuneReferential.LoadAsync(Path.Combine(data, "referentiel-admin"), CancellationToken.None).GetAwaiter().GetResult();
        return (schools, TerritoryAggregation.Build(referential, schools, [], []).ToList());
    }

    private const int SuggestionHandlersLimit = 5;

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static string Mark(bool ok) => ok ? "✓" : "✗";

    private static double[] Measure(List<string> queries, Action<string> run) => Measure(queries, (q, _) => run(q));

    /// <summary>
    /// Milliseconds of each query of the second half, the first half being the warm-up; prints the bytes
    /// allocated per query and the collections during the measure.
    /// </summary>
    private static double[] Measure(List<string> queries, Action<string, int> run)
    {
        var half = queries.Count / 2;
        for (var i = 0; i < half; i++) run(queries[i], i);
        var times = new double[queries.Count - half];
        var cpu = new double[times.Length];
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var (gen0, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
        for (var i = half; i < queries.Count; i++)
        {
            var cpuStart = ThreadCpuMilliseconds();
            var start = Stopwatch.GetTimestamp();
            run(queries[i], i);
            times[i - half] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            cpu[i - half] = ThreadCpuMilliseconds() - cpuStart;
        }
        LastCpu = double.IsNaN(cpu[0]) ? null : cpu;
        Console.Write(string.Create(CultureInfo.InvariantCulture,
            $"  [{(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / times.Length:F1} Kio alloués par requête, collectes gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}] "));
        return times;
    }

    /// <summary>The processor time of each query of the last <see cref="Measure(List{string}, Action{string, int})"/> (null where unknown).</summary>
    private static double[]? LastCpu;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    /// <summary>
    /// The processor time of this thread (Linux's CLOCK_THREAD_CPUTIME_ID), in ms; NaN elsewhere. On a shared
    /// machine, a query's wall time includes the time other processes hold the cores; this does not.
    /// </summary>
    private static double ThreadCpuMilliseconds()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        return ClockGetTime(3, out var time) == 0 ? time.Seconds * 1e3 + time.Nanoseconds / 1e6 : double.NaN;
    }

    private static void Report(string what, double[] measured, List<string> queries)
    {
        var times = (double[])measured.Clone();
        Array.Sort(times);
        double At(double p) => times[Math.Min(times.Length - 1, (int)Math.Ceiling(p * times.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\n{what} : {times.Length} requêtes, p50 {At(0.50):F2} ms, p99 {At(0.99):F2} ms {Mark(At(0.99) <= 5)} objectif ≤ 5 ms, max {times[^1]:F2} ms"));
        if (LastCpu is { } cpu && cpu.Length == measured.Length)
        {
            var sorted = (double[])cpu.Clone();
            Array.Sort(sorted);
            double CpuAt(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  temps processeur du fil (sans l'attente des cœurs partagés) : p50 {CpuAt(0.50):F2} ms, p99 {CpuAt(0.99):F2} ms, max {sorted[^1]:F2} ms"));
        }
        var half = queries.Count - measured.Length;
        var slowest = measured.Select((t, i) => (Time: t, Query: queries[half + i])).OrderByDescending(p => p.Time).Take(5);
        Console.WriteLine("  les plus lentes : " + string.Join(" ; ", slowest.Select(p => string.Create(CultureInfo.InvariantCulture, $"« {p.Query} » {p.Time:F1} ms"))));
    }

    /// <summary>
    /// Names as written and without accents, with typos, name + commune, commune and département names,
    /// prefixes as typed, UAI, codes and postal codes.
    /// </summary>
    private static List<string> MixedQueries(List<School> schools, List<Territory> territories, int count, Random random)
    {
        var communes = territories.Where(t => t.Level == TerritoryLevel.Commune).ToList();
        var others = territories.Where(t => t.Level is TerritoryLevel.Departement or TerritoryLevel.Academie or TerritoryLevel.Region).ToList();
        var queries = new List<string>(count);
        while (queries.Count < count)
        {
            var school = schools[random.Next(schools.Count)];
            var commune = communes[random.Next(communes.Count)];
            queries.Add(random.Next(20) switch
            {
                0 or 1 or 2 => school.Name,
                3 or 4 => Plain(school.Name),
                5 or 6 => Typos(Plain(school.Name), random),
                7 or 8 => $"{school.Name} {school.CommuneName}",
                9 or 10 => commune.Name,
                11 => Typos(Plain(commune.Name), random),
                12 or 13 => Prefix(random.Next(2) == 0 ? commune.Name : Plain(school.Name), random),
                14 => school.Uai,
                15 => random.Next(2) == 0 ? commune.Code : school.PostalCode ?? commune.Code,
                16 => others[random.Next(others.Count)].Code,
                _ => others[random.Next(others.Count)].Name,
            });
        }
        return queries;
    }

    private static string Prefix(string text, Random random) => text[..Math.Min(text.Length, random.Next(3, 9))];

    private static string Plain(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return builder.ToString();
    }

    /// <summary>A typo (swap of two neighbours or a lost letter, not the first) in each word of five letters or more.</summary>
    private static string Typos(string text, Random random) => string.Join(' ', text.Split(' ').Select(w =>
    {
        if (w.Length < 5) return w;
        var at = random.Next(1, w.Length - 1);
        return random.Next(2) == 0 ? w[..at] + w[at + 1] + w[at] + w[(at + 2)..] : w[..at] + w[(at + 1)..];
    }));
}
