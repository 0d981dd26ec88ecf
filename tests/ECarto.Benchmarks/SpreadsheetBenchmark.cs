using System.Diagnostics;
using System.Globalization;
using ClosedXML.Excel;
using ECarto.Establishments;
using ECarto.Exports.Spreadsheets;
using ECarto.Indicators;
using ECarto.Sources;
using ECarto.Sources.Annuaire;
using ECarto.Sources.Inventaire;
using ECarto.Territories;
using MiniExcelLibs;

namespace ECarto.Benchmarks;

/// <summary>
/// The national Excel export (issue 11), without storage: the real annuaire sample's schools derived up to
/// the whole of France (66,000 by default), each with a generated inventory, its 4G sites and its commune's
/// fixed-network figures, written as the <i>Établissements</i> sheet (every indicator of the catalogue) by
/// SpreadCheetah (the export's own code), MiniExcel and ClosedXML (the design card's choice), side by side
/// on the very same rows: wall time and peak resident memory of the process (VmHWM, reset before each).
/// </summary>
public static class SpreadsheetBenchmark
{
    public static readonly TimeSpan TimeGoal = TimeSpan.FromSeconds(5);
    public const long MemoryGoalBytes = 300L * 1024 * 1024;

    private sealed record Outcome(string Library, TimeSpan Wall, long PeakBytes, long FileBytes, int Rows, string? Error);

    public static async Task<int> RunAsync(BenchmarkOptions options, string dataRoot, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rows = DeriveRows(dataRoot, options.Schools);
        Console.WriteLine($"Export Excel national : {rows.Count} établissements × {SchoolRows.Columns.Count} colonnes ({SchoolRows.Indicators.Count} indicateurs), dérivés de l'annuaire d'exemple en {clock.Elapsed.TotalSeconds:F1} s");
        var folder = Path.Combine(Path.GetTempPath(), $"ecarto-xlsx-{Guid.NewGuid():N}"[..20]);
        Directory.CreateDirectory(folder);
        try
        {
            var outcomes = new List<Outcome>
            {
                // What every library pays alike: each school's values read through the catalogue.
                await MeasureAsync("valeurs des lignes seules (sans fichier)", folder, rows.Count, _ => FillOnly(rows)),
                await MeasureAsync("SpreadCheetah 1.28.0 (retenu)", folder, rows.Count, s => SpreadCheetahAsync(s, rows, cancellationToken)),
                await MeasureAsync("MiniExcel 1.46.0", folder, rows.Count, s => MiniExcelAsync(s, rows, cancellationToken)),
            };
            if (options.XlsxSkipClosedXml) Console.WriteLine("ClosedXML : non mesuré (--xlsx-sans-closedxml).");
            else outcomes.Add(await MeasureAsync("ClosedXML 0.95.4 (fiche de conception)", folder, rows.Count, s => ClosedXmlAsync(s, rows)));

            Console.WriteLine();
            Console.WriteLine($"{"bibliothèque",-40} {"durée",9} {"mémoire max",12} {"fichier",10}   objectif ≤ {TimeGoal.TotalSeconds:F0} s et ≤ {MemoryGoalBytes / 1048576} Mo");
            foreach (var o in outcomes)
            {
                if (o.Error is not null)
                {
                    Console.WriteLine($"{o.Library,-40} échec : {o.Error}");
                    continue;
                }
                var ok = o.Wall <= TimeGoal && o.PeakBytes <= MemoryGoalBytes ? "✓" : "✗";
                Console.WriteLine($"{o.Library,-40} {o.Wall.TotalSeconds,7:F1} s {o.PeakBytes / 1048576.0,9:F0} Mo {o.FileBytes / 1048576.0,7:F1} Mo   {ok}");
            }
            Console.WriteLine("(mémoire max : pic de mémoire résidente du processus pendant l'écriture, établissements en mémoire compris)");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The real sample's schools, repeated with new UAIs up to <paramref name="count"/>, with every source's figures filled as in production.</summary>
    public static List<SchoolRow> DeriveRows(string dataRoot, int count)
    {
        var merged = new AnnuaireSchools(SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26"));
        using (var stream = File.OpenRead(Path.Combine(dataRoot, SourceCatalog.Annuaire.SampleFile)))
        using (var reader = SourceText.OpenAsync(stream).GetAwaiter().GetResult())
        {
            foreach (var row in AnnuaireReader.ReadAsync(reader).ToBlockingEnumerable()) merged.Add(row.Line, row.Value!);
        }
        var sample = merged.Schools().Select(s => s with { Types = SchoolScope.Types(s.Types) }).ToList();
        var communes = new Dictionary<string, Territory>(StringComparer.Ordinal);
        var observed = new DateOnly(2025, 3, 14);
        var rows = new List<SchoolRow>(count);
        for (var i = 0; i < count; i++)
        {
            var real = sample[i % sample.Count];
            var uai = $"{9_000_000 + i:D7}X";
            var school = real with { Uai = uai, Name = i < sample.Count ? real.Name : $"{real.Name} {i / sample.Count}" };
            school = school with
            {
                Inventory = InventaireGenerator.Generate(school, observed),
                Mobile = new MobileSitesNearby(2000, i % 7, i % 5, ["Orange", "SFR"], [], "2024-10-01"),
            };
            var commune = real.CommuneCode is { } code ? communes.TryGetValue(code, out var known) ? known : communes[code] = Commune(code, communes.Count) : null;
            rows.Add(new SchoolRow(school, commune));
        }
        return rows;
    }

    private static Territory Commune(string code, int n) => new()
    {
        Level = TerritoryLevel.Commune, Code = code, Name = code,
        Premises = 1000 + n, EligibleAtLeast8Mbps = 950, EligibleAtLeast30Mbps = 800 + n % 100, EligibleAtLeast100Mbps = 600, EligibleAtLeast1Gbps = 400, FtthPremises = 700,
    };

    private static async Task<Outcome> MeasureAsync(string library, string folder, int count, Func<Stream, Task> write)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        ResetPeak();
        var path = Path.Combine(folder, "export.xlsx");
        var clock = Stopwatch.StartNew();
        try
        {
            await using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true)) await write(stream);
            clock.Stop();
            var outcome = new Outcome(library, clock.Elapsed, PeakResident(), new FileInfo(path).Length, count, null);
            File.Delete(path);
            return outcome;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return new Outcome(library, clock.Elapsed, PeakResident(), 0, count, $"{error.GetType().Name} : {error.Message}");
        }
    }

    private static Task FillOnly(List<SchoolRow> rows)
    {
        var values = new object?[SchoolRows.Columns.Count];
        foreach (var row in rows) SchoolRows.Fill(row, values);
        return Task.CompletedTask;
    }

    /// <summary>The export's own code: the <i>Établissements</i> sheet and the small ones.</summary>
    private static Task SpreadCheetahAsync(Stream stream, List<SchoolRow> rows, CancellationToken cancellationToken)
    {
        using var catalogue = System.Text.Json.JsonDocument.Parse("""{"components":[],"aggregations":{},"indicators":[]}""");
        var about = new ExportAbout("Banc d'essai", [], "banc", DateTimeOffset.UtcNow);
        return SchoolsExport.WriteAsync(stream, about, rows, catalogue.RootElement.Clone(), null, cancellationToken);
    }

    /// <summary>The same values, as MiniExcel's rows (a lazily enumerated sequence of dictionaries: MiniExcel streams it).</summary>
    private static Task MiniExcelAsync(Stream stream, List<SchoolRow> rows, CancellationToken cancellationToken)
    {
        var headers = SchoolRows.Columns.Select(c => c.Header).ToArray();
        IEnumerable<IDictionary<string, object?>> Values()
        {
            var values = new object?[headers.Length];
            foreach (var row in rows)
            {
                SchoolRows.Fill(row, values);
                var record = new Dictionary<string, object?>(headers.Length, StringComparer.Ordinal);
                for (var c = 0; c < headers.Length; c++) record[headers[c]] = values[c] is string text ? SpreadsheetText.Neutralize(text) : values[c];
                yield return record;
            }
        }
        return stream.SaveAsAsync(Values(), sheetName: SchoolsExport.SchoolsSheet, cancellationToken: cancellationToken);
    }

    /// <summary>The same values in ClosedXML's in-memory workbook, then saved.</summary>
    private static Task ClosedXmlAsync(Stream stream, List<SchoolRow> rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(SchoolsExport.SchoolsSheet);
        var columns = SchoolRows.Columns;
        for (var c = 0; c < columns.Count; c++) sheet.Cell(1, c + 1).SetValue(columns[c].Header);
        var values = new object?[columns.Count];
        var r = 2;
        foreach (var row in rows)
        {
            SchoolRows.Fill(row, values);
            for (var c = 0; c < values.Length; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                switch (values[c])
                {
                    case string text: cell.SetValue(SpreadsheetText.Neutralize(text)); break;
                    case double number: cell.SetValue(number); break;
                    case DateTime date: cell.SetValue(date); break;
                }
            }
            r++;
        }
        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, r - 1, columns.Count).SetAutoFilter();
        workbook.SaveAs(stream);
        return Task.CompletedTask;
    }

    /// <summary>Resets the process's peak resident memory (Linux: « 5 » into /proc/self/clear_refs).</summary>
    private static void ResetPeak()
    {
        try
        {
            if (OperatingSystem.IsLinux()) File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not allowed here: the peak then covers the whole run so far.
        }
    }

    /// <summary>The peak resident memory since the last reset (VmHWM), or the current working set off Linux.</summary>
    private static long PeakResident()
    {
        if (!OperatingSystem.IsLinux()) return Process.GetCurrentProcess().PeakWorkingSet64;
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
