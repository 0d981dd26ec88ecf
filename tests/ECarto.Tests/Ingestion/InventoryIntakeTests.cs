using System.Text;
using Azure.Storage.Blobs;
using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Sources.Inventaire;
using ECarto.Storage;

namespace ECarto.Tests.Ingestion;

/// <summary>
/// Collectivités drop inventaire files into the <c>inventaires</c> container of a real Azurite; the
/// inventaire's timer job validates them, reports each one, and real figures replace the demonstration for
/// the real schools of data/annuaire they cover, and only for them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class InventoryIntakeTests(AzuriteFixture azurite)
{
    private const string Header =
        "uai,date_observation,nb_eleves,nb_terminaux,nb_terminaux_mobiles,nb_tbi,nb_videoprojecteurs,nb_imprimantes_3d," +
        "debit_mesure,debit_mesure_mbits,wifi,part_salles_connectees,ent,nom_ent,nb_ressources_numeriques," +
        "experimentation_efran,experimentation_profan,college_lab,source,demonstration";

    private const string Producer = "Conseil départemental de la Haute-Garonne, inventaire 2025";

    // Three real schools of the annuaire: a lycée, a collège and an école (Toulouse, Albi, Montpellier).
    private static readonly string ValidFile = string.Join('\n',
        Header,
        $"0310036W,2025-09-15,,640,210,35,12,4,100_et_plus,940,toutes_salles,100,true,ENT Occitanie,21,false,false,false,\"{Producer}\",false",
        $"0810052S,2025-09-15,512,150,60,9,14,2,10_a_100,85.5,partiel,80,true,ENT Occitanie,12,false,false,true,\"{Producer}\",false",
        $"0340532U,2025-09-15,210,30,30,4,1,0,2_a_10,7,aucun,40,oui,ONE,2,non,non,non,\"{Producer}\",false") + "\n";

    private static readonly string[] Covered = ["0310036W", "0810052S", "0340532U"];

    /// <summary>The annuaire and the demonstration inventaire ingested and published: the state before any deposit.</summary>
    private static async Task<TestPlatform> DemonstrationPlatformAsync(AzuriteFixture azurite)
    {
        var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        await platform.Get<IngestionJobs>().RunAsync("inventaire");
        return platform;
    }

    private static async Task<BlobClient> DepositAsync(TestPlatform platform, string name, string content)
    {
        var container = await platform.Get<ECartoStorage>().ContainerAsync(StorageNames.InventoriesContainer);
        var blob = container.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromBytes(new UTF8Encoding(false).GetBytes(content)), overwrite: true);
        return blob;
    }

    private static async Task<List<string[]>> ReportAsync(TestPlatform platform, string deposit)
    {
        var container = await platform.Get<ECartoStorage>().ContainerAsync(StorageNames.InventoriesContainer);
        var text = (await container.GetBlobClient(InventoryIntake.ReportName(deposit)).DownloadContentAsync()).Value.Content.ToString();
        Assert.StartsWith("\uFEFFligne;uai;statut;motif\n", text);
        return ReportLines(text);
    }

    /// <summary>The report's lines (ligne;uai;statut;motif), read as a spreadsheet would (RFC 4180 quoting, `;`).</summary>
    private static List<string[]> ReportLines(string text)
    {
        using var csv = new CsvHelper.CsvParser(new StringReader(text.TrimStart('\uFEFF')),
            new CsvHelper.Configuration.CsvConfiguration(System.Globalization.CultureInfo.InvariantCulture) { Delimiter = ";" });
        var lines = new List<string[]>();
        while (csv.Read()) lines.Add(csv.Record!);
        Assert.Equal(["ligne", "uai", "statut", "motif"], lines[0]);
        return lines.Skip(1).ToList();
    }

    private static async Task<Dictionary<string, School>> SchoolsAsync(TestPlatform platform) =>
        (await platform.PublishedSchoolsAsync()).ToDictionary(s => s.Uai);

    [Fact]
    public async Task A_valid_file_replaces_the_demonstration_for_the_schools_it_covers_and_only_for_them()
    {
        await using var platform = await DemonstrationPlatformAsync(azurite);
        var before = await SchoolsAsync(platform);
        Assert.All(Covered, uai => Assert.True(before[uai].Inventory!.IsDemonstration));

        await DepositAsync(platform, "haute-garonne/inventaire-2025.csv", ValidFile);
        var run = await platform.Get<IngestionJobs>().RunAsync("inventaire");
        var after = await SchoolsAsync(platform);

        // The covered schools show the real figures, with their producer and date, not flagged as demonstration.
        var fermat = after["0310036W"].Inventory!;
        Assert.False(fermat.IsDemonstration);
        Assert.Equal(Producer, fermat.Source);
        Assert.Equal(new DateOnly(2025, 9, 15), fermat.ObservationDate);
        Assert.Equal(640, fermat.Devices);
        Assert.Equal(940, fermat.MeasuredBandwidthMbps);
        Assert.Null(fermat.Pupils); // the file gives none: no pupils per terminal from it
        var balzac = after["0810052S"].Inventory!;
        Assert.Equal(512, balzac.Pupils);
        Assert.Equal(3.4, balzac.PupilsPerDevice);
        Assert.True(balzac.CollegeLab);
        Assert.Equal("ONE", after["0340532U"].Inventory!.EntName);
        // Every other school keeps exactly its demonstration inventory.
        Assert.Equal(before.Count, after.Count);
        var others = after.Values.Where(s => !Covered.Contains(s.Uai)).ToList();
        Assert.All(others, s => Assert.Equal(before[s.Uai].Inventory, s.Inventory));

        // The fiche cites the deposit's producer and observation date for the inventory, not the demonstration run.
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = platform.Services };
        context.Response.Body = new MemoryStream();
        var result = await platform.Get<ECarto.Api.EstablishmentHandlers>().GetAsync(context.Request, "0310036W", CancellationToken.None);
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var fiche = await System.Text.Json.JsonDocument.ParseAsync(context.Response.Body);
        var inventorySource = fiche.RootElement.GetProperty("sources").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "inventaire");
        Assert.Equal(Producer, inventorySource.GetProperty("producer").GetString());
        Assert.Equal("2025-09-15", inventorySource.GetProperty("date").GetString());
        Assert.False(inventorySource.GetProperty("demonstration").GetBoolean());
        Assert.Equal(3, after.Values.Count(s => s.Inventory is { IsDemonstration: false }));

        // The run says how many files and rows it took; the report lists the accepted rows.
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(1, run.DepositedFiles);
        Assert.Equal(1, run.DepositedFilesRead);
        Assert.Equal(3, run.DepositedRowsAccepted);
        Assert.Equal(0, run.DepositedRowsRejected);
        Assert.Contains("1 fichier(s)", run.Note);
        var recorded = (await platform.RunsAsync("inventaire"))[0];
        Assert.Equal(3, recorded.GetInt32("DepositedRowsAccepted"));
        Assert.Equal(1, recorded.GetInt32("DepositedFiles"));
        var report = await ReportAsync(platform, "haute-garonne/inventaire-2025.csv");
        Assert.Equal("bilan", report[0][2]);
        Assert.Contains("3 acceptée(s), 0 rejetée(s)", report[0][3]);
        Assert.Equal([("2", "0310036W"), ("3", "0810052S"), ("4", "0340532U")],
            report.Skip(1).Select(r => (r[0], r[1])));
        Assert.All(report.Skip(1), r => Assert.Equal("acceptée", r[2]));
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_their_line_and_reason_and_the_good_rows_are_taken()
    {
        await using var platform = await DemonstrationPlatformAsync(azurite);
        var file = string.Join('\n',
            Header,
            $"0810052S,2025-09-15,512,150,60,9,14,2,10_a_100,85.5,partiel,80,true,ENT Occitanie,12,false,false,true,\"{Producer}\",false",
            $"0310036W,2025-09-15,,640,700,35,12,4,100_et_plus,940,toutes_salles,100,true,ENT Occitanie,21,false,false,false,\"{Producer}\",false",
            $"0340532U,2025-09-15,210,30,30,-1,1,0,2_a_10,7,aucun,40,oui,ONE,2,non,non,non,\"{Producer}\",false",
            $"31ABC,2025-09-15,210,30,30,1,1,0,2_a_10,7,aucun,40,oui,ONE,2,non,non,non,\"{Producer}\",false",
            $"0810052S,2025-09-15,500,140,60,9,14,2,10_a_100,85.5,partiel,80,true,ENT Occitanie,12,false,false,true,\"{Producer}\",false",
            $"0340527N,2025-09-15,138,12,12,1,1,0,moins_de_2,1.5,aucun,20,false,,0,false,false,false,\"{Producer}\",false") + "\n";
        await DepositAsync(platform, "herault/inventaire.csv", file);
        // A file that cannot be read at all (no « uai » column) is refused, and loses nothing else.
        await DepositAsync(platform, "herault/mauvais-entete.csv", "code,date\n0340527N,2025-09-15\n");

        var run = await platform.Get<IngestionJobs>().RunAsync("inventaire");

        var report = await ReportAsync(platform, "herault/inventaire.csv");
        var rejected = report.Where(r => r[2] == "rejetée").ToDictionary(r => r[0], r => r[3]);
        Assert.Equal(["3", "4", "5", "6"], rejected.Keys.Order());
        Assert.Contains("nb_terminaux_mobiles", rejected["3"]);
        Assert.StartsWith("0340532U : champ « nb_tbi » : -1 inférieur au minimum 0", rejected["4"]);
        Assert.Contains("champ « uai » : « 31ABC » ne respecte pas le motif", rejected["5"]);
        Assert.Contains("déjà présente ligne 2", rejected["6"]);
        Assert.Equal(["2", "7"], report.Where(r => r[2] == "acceptée").Select(r => r[0]));
        Assert.Contains("6 ligne(s) lue(s) : 2 acceptée(s), 4 rejetée(s)", report[0][3]);

        var refused = await ReportAsync(platform, "herault/mauvais-entete.csv");
        Assert.Equal("fichier refusé", refused[1][2]);
        Assert.Equal("1", refused[1][0]);
        Assert.Contains("Colonne(s) obligatoire(s) absente(s) : uai", refused[1][3]);
        Assert.Equal(2, refused.Count);

        // The good rows are published; the rejected ones leave their schools on the demonstration.
        var schools = await SchoolsAsync(platform);
        Assert.Equal(150, schools["0810052S"].Inventory!.Devices);
        Assert.False(schools["0340527N"].Inventory!.IsDemonstration);
        Assert.True(schools["0310036W"].Inventory!.IsDemonstration);
        Assert.True(schools["0340532U"].Inventory!.IsDemonstration);

        Assert.Equal(2, run.DepositedFiles);
        Assert.Equal(2, run.DepositedFilesRead);
        Assert.Equal(2, run.DepositedRowsAccepted);
        Assert.Equal(4, run.DepositedRowsRejected);
        Assert.Contains("dont 1 refusé(s)", run.Note);
    }

    [Fact]
    public async Task An_unchanged_file_is_not_read_again_a_replaced_one_is_and_a_removed_one_gives_its_schools_back()
    {
        await using var platform = await DemonstrationPlatformAsync(azurite);
        var jobs = platform.Get<IngestionJobs>();
        var blob = await DepositAsync(platform, "haute-garonne/inventaire-2025.csv", ValidFile);
        var first = await jobs.RunAsync("inventaire");
        var version = (await platform.Get<DataVersions>().CurrentAsync())!.Version;
        var container = await platform.Get<ECartoStorage>().ContainerAsync(StorageNames.InventoriesContainer);
        var report = container.GetBlobClient(InventoryIntake.ReportName("haute-garonne/inventaire-2025.csv"));
        var reportETag = (await report.GetPropertiesAsync()).Value.ETag;
        Assert.Equal(1, first.DepositedFilesRead);

        // Nothing changed: the file is not downloaded, its report not rewritten, no new version.
        var second = await jobs.RunAsync("inventaire");
        Assert.Equal(RunStatus.Skipped, second.Status);
        Assert.Equal(1, second.DepositedFiles);
        Assert.Equal(0, second.DepositedFilesRead);
        Assert.Equal(0, second.DepositedRowsAccepted);
        Assert.Equal(reportETag, (await report.GetPropertiesAsync()).Value.ETag);
        Assert.Equal(version, (await platform.Get<DataVersions>().CurrentAsync())!.Version);

        // The same bytes uploaded again: read (new ETag), recognised by their hash, nothing else redone.
        await DepositAsync(platform, "haute-garonne/inventaire-2025.csv", ValidFile);
        var third = await jobs.RunAsync("inventaire");
        Assert.Equal(1, third.DepositedFilesRead);
        Assert.Equal(0, third.DepositedRowsAccepted);
        Assert.Equal(reportETag, (await report.GetPropertiesAsync()).Value.ETag);
        Assert.Equal(version, (await platform.Get<DataVersions>().CurrentAsync())!.Version);
        var fourth = await jobs.RunAsync("inventaire");
        Assert.Equal(0, fourth.DepositedFilesRead);

        // Replaced: read again, its new figures published, its report rewritten.
        await DepositAsync(platform, "haute-garonne/inventaire-2025.csv", ValidFile.Replace(",640,210,", ",700,210,", StringComparison.Ordinal));
        var replaced = await jobs.RunAsync("inventaire");
        Assert.Equal(1, replaced.DepositedFilesRead);
        Assert.Equal(3, replaced.DepositedRowsAccepted);
        Assert.Equal(RunStatus.Succeeded, replaced.Status);
        Assert.NotEqual(reportETag, (await report.GetPropertiesAsync()).Value.ETag);
        Assert.Equal(700, (await SchoolsAsync(platform))["0310036W"].Inventory!.Devices);

        // Removed: its schools are back on the demonstration, its report is gone.
        await blob.DeleteAsync();
        var removed = await jobs.RunAsync("inventaire");
        Assert.Equal(0, removed.DepositedFiles);
        var schools = await SchoolsAsync(platform);
        Assert.All(Covered, uai => Assert.True(schools[uai].Inventory!.IsDemonstration));
        Assert.False(await report.ExistsAsync());
    }

    [Fact]
    public async Task An_empty_container_costs_nothing_and_changes_nothing()
    {
        await using var platform = await DemonstrationPlatformAsync(azurite);
        var run = (await platform.RunsAsync("inventaire"))[0];

        Assert.Null(run.GetInt32("DepositedFiles"));
        Assert.Null(await platform.Get<SourceStates>().GetAsync(InventoryIntake.StateId));
        var snapshots = await platform.Get<ECartoStorage>().ContainerAsync(StorageNames.SnapshotsContainer);
        Assert.False(await snapshots.GetBlobClient(InventoryIntake.ManifestBlob).ExistsAsync());
        Assert.DoesNotContain("dépôts", run.GetString("Note") ?? "");
    }
}
