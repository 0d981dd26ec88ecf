using System.Text.Json;
using ECarto.Establishments;
using ECarto.Territories;

namespace ECarto.Tests.Exports;

/// <summary>
/// Real API answers of the published sample, kept as files in <c>Answers/</c> so that the exporters can be
/// tested without an ingestion (they run once per mutant): <c>/api/etablissements/{uai}</c> of six schools,
/// <c>/api/territoires/…</c> of the département 31, the académie 16 and France, <c>/api/indicateurs</c>,
/// and those schools and their communes as the version stores them. Captured once through the function
/// methods from a publication of the real files of <c>data/</c> (<see cref="Ingestion.PublishedEverything"/>,
/// version v20261130203251513); the slow API tests (<see cref="FichePdfApiTests"/>) go on checking the live path.
/// </summary>
public static class PublishedAnswers
{
    public const string Version = "v20261130203251513";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static string PathOf(string file) => Path.Combine(TestData.Root, "tests", "ECarto.Tests", "Exports", "Answers", file);

    /// <summary>An answer by its file name without « .json »: « etablissement-0310036W », « territoire-departement-31 », « catalogue ».</summary>
    public static JsonElement Json(string name) => JsonDocument.Parse(File.ReadAllBytes(PathOf(name + ".json"))).RootElement.Clone();

    public static JsonElement Catalogue => Json("catalogue");

    /// <summary>The six schools as the version stores them, with their communes' fixed-network figures.</summary>
    public static IReadOnlyList<(School School, Territory? Commune)> Schools()
    {
        var communes = File.ReadAllLines(PathOf("communes.jsonl")).Select(l => JsonSerializer.Deserialize<Territory>(l, Web)!).ToDictionary(t => t.Code);
        return File.ReadAllLines(PathOf("schools.jsonl"))
            .Select(l => JsonSerializer.Deserialize<School>(l, Web)!)
            .Select(s => (s, s.CommuneCode is { } code ? communes.GetValueOrDefault(code) : null))
            .ToList();
    }
}
