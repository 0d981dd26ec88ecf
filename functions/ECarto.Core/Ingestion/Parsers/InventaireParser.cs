using System.Globalization;
using ECarto.Establishments;
using ECarto.Sources;
using ECarto.Sources.Colleges;
using ECarto.Sources.Effectifs;
using ECarto.Sources.Inventaire;

namespace ECarto.Ingestion.Parsers;

/// <summary>
/// The inventaire numérique, validated against its Table Schema. With no real file configured, the
/// default run ingests demonstration data generated for the schools of the staged annuaire (and the
/// collèges only the national file lists), through the same reader; every such line says demonstration=true.
/// </summary>
public sealed class InventaireParser(SourceStates states, StagedData staged) : SourceParser
{
    public override SourceDefinition Source => InventaireSource.Definition;

    public override Task<ParsedSource> ParseAsync(Stream raw, string sourceDate, IngestionProgress progress, CancellationToken cancellationToken) =>
        ParseRowsAsync(raw, (reader, ct) => InventaireReader.ReadAsync(reader, ct), progress, cancellationToken);

    public override async Task<bool> WriteDemonstrationAsync(string path, CancellationToken cancellationToken)
    {
        var annuaire = await states.GetAsync(SourceCatalog.Annuaire.Id, cancellationToken)
            ?? throw new InvalidOperationException("Données de démonstration impossibles : l'annuaire doit être ingéré avant l'inventaire.");
        var schools = new List<School>();
        await foreach (var school in staged.ReadAsync<School>(annuaire.StagedBlob, cancellationToken)) schools.Add(school);
        // The collèges the annuaire does not list become establishments too (see Composition): give them an inventory.
        if (await states.GetAsync(CollegesSource.Definition.Id, cancellationToken) is { } colleges)
        {
            var known = schools.Select(s => s.Uai).ToHashSet(StringComparer.Ordinal);
            await foreach (var college in staged.ReadAsync<CollegeLine>(colleges.StagedBlob, cancellationToken))
            {
                if (known.Add(college.Uai)) schools.Add(Composition.FromCollegesFile(college, colleges.SourceDate));
            }
        }
        // The lycées' pupils of the effectifs file, as the fiche shows them: the demonstration's pupils per
        // terminal then agrees with the pupils the fiche gives.
        if (await states.GetAsync(EffectifsSource.Definition.Id, cancellationToken) is { } effectifs)
        {
            var enrolments = new List<LyceeEnrolment>();
            await foreach (var row in staged.ReadAsync<LyceeEnrolment>(effectifs.StagedBlob, cancellationToken)) enrolments.Add(row);
            var latest = LyceeEnrolmentReader.LatestByUai(enrolments);
            schools = schools.Select(s => Composition.WithEnrolment(s, latest)).ToList();
        }
        // Observed on the annuaire's date: the same annuaire gives the same file, so an unchanged run is skipped.
        var observed = DateOnly.TryParseExact(annuaire.SourceDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date : DateOnly.FromDateTime(DateTime.UtcNow);
        await using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        await InventaireGenerator.WriteCsvAsync(InventaireGenerator.Generate(schools, observed), writer, cancellationToken);
        return true;
    }
}
