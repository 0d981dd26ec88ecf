using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Cog;
using ECarto.Sources.Colleges;
using ECarto.Sources.Effectifs;
using ECarto.Sources.Ips;

namespace ECarto.Tests;

/// <summary>
/// The publishers' APIs on a loopback server: data.gouv.fr, data.education.gouv.fr (Opendatasoft Explore
/// v2.1) and the npm registry answer with the recorded answers of tests/ECarto.Tests/Fixtures/Publishers,
/// and the files they designate are the sample files of data/. <see cref="Settings"/> points the platform
/// at them, with an empty data folder so that every source uses its production location.
/// </summary>
public sealed class LoopbackPublishers : IAsyncDisposable
{
    public const string DataGouvFiles = "https://static.data.gouv.fr";
    public const string ArcepFiles = "https://data.arcep.fr";

    private readonly DirectoryInfo _emptyData = Directory.CreateTempSubdirectory("ecarto-no-data-");

    private LoopbackPublishers(LoopbackSourceServer server) => Server = server;

    public LoopbackSourceServer Server { get; }

    public static string Fixture(string name) => Path.Combine(TestData.Root, "tests", "ECarto.Tests", "Fixtures", "Publishers", name);

    public static string Sample(SourceDefinition source) => Path.Combine(TestData.Root, "data", source.SampleFile);

    public static string OdsDataset(string id) => $"/api/explore/v2.1/catalog/datasets/{id}";

    public static string DataGouvDataset(string slug) => $"/api/1/datasets/{slug}/";

    public const string NpmPackage = "/npm/@etalab%2Fdecoupage-administratif";

    public const string ArcepFixeFile = "/data.arcep.fr/fixe/maconnexioninternet/statistiques/2022t4/commune/commune_debit.csv";

    public const string ArcepThdFile = "/static.data.gouv.fr/resources/le-marche-du-haut-et-tres-haut-debit-fixe-deploiements/20180607-110229/2018t1-obs-hd-thd-deploiement-ftthcommunes.csv";

    public const string ArcepMobileFile = "/static.data.gouv.fr/resources/mon-reseau-mobile/20180215-101500/2018-01-sites-mobiles-2g-3g-4g-france-metropolitaine-l93.csv";

    public const string CommunesFile = "/unpkg/@etalab/decoupage-administratif@6.0.0/data/communes.json";

    public static async Task<LoopbackPublishers> StartAsync()
    {
        var publishers = new LoopbackPublishers(await LoopbackSourceServer.StartAsync());
        var server = publishers.Server;
        foreach (var source in new[] { SourceCatalog.Annuaire, CollegesSource.Definition, EffectifsSource.Definition, IpsSource.Definition })
        {
            var id = ((ECarto.Sources.Publishers.OpendatasoftExport)source.Publication!).Dataset;
            server.ServeJson(OdsDataset(id), Fixture($"data.education.gouv.fr-{id}.json"));
            server.ServeFile($"{OdsDataset(id)}/exports/csv", Sample(source));
        }
        foreach (var slug in new[] { "ma-connexion-internet", "le-marche-du-haut-et-tres-haut-debit-fixe-deploiements", "mon-reseau-mobile" })
        {
            server.ServeJson(DataGouvDataset(slug), Fixture($"data.gouv.fr-{slug}.json"), DataGouvFiles, ArcepFiles);
        }
        server.ServeFile(ArcepFixeFile, Sample(ArcepFixeSource.Definition));
        server.ServeFile(ArcepThdFile, Sample(ArcepThdSource.Definition));
        server.ServeFile(ArcepMobileFile, Sample(ArcepMobileSource.Definition));
        server.ServeJson(NpmPackage, Fixture("registry.npmjs.org-@etalab-decoupage-administratif.json"));
        server.ServeFile(CommunesFile, Sample(CogSource.Definition));
        return publishers;
    }

    /// <summary>The platform's settings: publishers on loopback, and a data folder without the sample files.</summary>
    public Dictionary<string, string?> Settings(string? storagePrefix = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Data:Root"] = _emptyData.FullName,
            ["Publishers:DataGouv:BaseUrl"] = Server.BaseUrl,
            ["Publishers:DataEducation:BaseUrl"] = Server.BaseUrl,
            ["Publishers:Npm:BaseUrl"] = Server.Url("npm"),
            ["Publishers:NpmFiles:BaseUrl"] = Server.Url("unpkg"),
        };
        if (storagePrefix is not null) settings["Storage:Prefix"] = storagePrefix;
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _emptyData.Delete(recursive: true);
    }
}
