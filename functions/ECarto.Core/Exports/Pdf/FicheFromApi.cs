using System.Text.Json;

namespace ECarto.Exports.Pdf;

/// <summary>
/// Builds a PDF fiche from the very answer the page shows (<c>GET /api/etablissements/{uai}</c>,
/// <c>GET /api/territoires/{niveau}/{code}</c> and the catalogue), so that the PDF and the page never
/// disagree: the same figures, N.C., demonstration marks, comparison, coverage and sources.
/// </summary>
public static class FicheFromApi
{
    public const string DemonstrationText = "Données de démonstration : les chiffres marqués [démo] sont générés par eCarto pour illustrer le service, faute de source publique ; ils ne décrivent pas la réalité.";

    private static readonly Dictionary<string, string> GroupLabels = new()
    {
        ["ecole"] = "Écoles", ["college"] = "Collèges", ["lycee"] = "Lycées", ["lycee-gt"] = "Lycées GT", ["lycee-pro"] = "Lycées pro.",
        ["erea"] = "EREA", ["public"] = "Public", ["prive"] = "Privé",
    };

    private static readonly string[] ChartIndicators = ["arcep-eligibles-30", "arcep-ftth", "reseau-4g", "fibre", "eleves-par-terminal", "imprimante-3d", "ent"];

    public static FicheDocument School(JsonElement answer, DateTimeOffset generatedAt)
    {
        var school = answer.GetProperty("school");
        var sources = answer.GetProperty("sources").EnumerateArray().ToDictionary(s => Str(s, "id") ?? "", s => s);
        var name = Str(school, "name") ?? "";
        var types = string.Join(", ", school.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        var sector = Str(school, "sector");
        var communeName = Str(school, "communeName");

        var identity = new List<FicheFigure>
        {
            new("UAI", Str(school, "uai") ?? ""),
            new("Type", types),
        };
        Add(identity, "Secteur", sector);
        Add(identity, "Adresse", Join(", ", Str(school, "address"), Join(" ", Str(school, "postalCode"), communeName)));
        Add(identity, "Commune", communeName is null ? null : $"{communeName} ({Str(school, "communeCode")})" + (Str(school, "communeDelegueeName") is { } delegated ? $", commune déléguée {delegated}" : ""));
        Add(identity, "Département", Str(school, "departementName") is { } d ? $"{d} ({Str(school, "departementCode")})" : null);
        Add(identity, "Académie", Str(school, "academieName"));
        Add(identity, "Région", Str(school, "regionName"));
        if (answer.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.Object) Add(identity, "État", Str(state, "label"));

        var sections = new List<FicheSection> { new("Identité", [new FicheFigures(identity)]) };
        var anyDemo = false;
        foreach (var component in answer.GetProperty("indicators").EnumerateArray())
        {
            var blocks = new List<FicheBlock>();
            var indicators = component.GetProperty("indicators").EnumerateArray().ToList();
            var commune = indicators.Where(i => Str(i, "scope") == "commune").ToList();
            var own = indicators.Where(i => Str(i, "scope") != "commune").ToList();
            if (commune.Count > 0)
            {
                blocks.Add(new FicheSubheading($"Réseau fixe de la commune{(communeName is null ? "" : " de " + communeName)}"));
                blocks.Add(new FicheParagraph("Part des locaux de toute la commune (Arcep) : ce n'est pas une mesure de l'établissement.", IsNote: true));
                blocks.Add(new FicheFigures(commune.Select(i => SchoolFigure(i, school, sources)).ToList()));
                if (own.Count > 0) blocks.Add(new FicheSubheading("L'établissement"));
            }
            if (own.Count > 0) blocks.Add(new FicheFigures(own.Select(i => SchoolFigure(i, school, sources)).ToList()));
            anyDemo |= indicators.Any(i => Bool(i, "isDemonstration"));
            sections.Add(new FicheSection(Str(component, "label") ?? "", blocks));
        }

        return new FicheDocument(
            name,
            Join(" — ", types, sector is null ? null : "secteur " + sector.ToLowerInvariant()) ?? "",
            anyDemo ? DemonstrationText : null,
            sections,
            sources.Values.Select(SourceLine).ToList(),
            Str(answer, "dataVersion") ?? "",
            generatedAt);
    }

    public static FicheDocument Territory(JsonElement answer, JsonElement catalogue, DateTimeOffset generatedAt)
    {
        var territory = answer.GetProperty("territory");
        var level = Str(territory, "level") ?? "";
        var name = Str(territory, "name") ?? "";
        var title = level == "academie" ? $"Académie de {name}" : name;
        var entries = catalogue.GetProperty("indicators").EnumerateArray().ToDictionary(i => Str(i, "id") ?? "", i => i);
        var sources = new Dictionary<string, JsonElement>();
        foreach (var entry in entries.Values)
        {
            foreach (var source in entry.GetProperty("sources").EnumerateArray()) sources[Str(source, "id") ?? ""] = source;
        }
        var parents = territory.GetProperty("parents").EnumerateArray().ToList();
        var indicators = answer.GetProperty("indicators").EnumerateArray().ToList();

        var subtitle = Join(" · ",
            level == "france" ? "Toute la France" : $"{LevelLabel(level)} {Str(territory, "code")}",
            Join(" · ", parents.Where(p => Str(p, "level") != "france").Select(p => Str(p, "level") == "academie" ? $"académie de {Str(p, "name")}" : $"{LevelLabel(Str(p, "level")!).ToLowerInvariant()} {Str(p, "name")}").ToArray()));

        var headline = new List<FicheFigure> { new("Établissements de l'observatoire", FrenchFormat.Number(Num(territory, "schools") ?? 0)) };
        if (territory.TryGetProperty("schoolsByType", out var byType) && byType.ValueKind == JsonValueKind.Object)
        {
            headline.AddRange(byType.EnumerateObject().Select(t => new FicheFigure(t.Name, FrenchFormat.Number(t.Value.GetDouble()))));
        }
        var sections = new List<FicheSection> { new("En bref", [new FicheFigures(headline)]) };

        // Coverage: per source, how many schools and which types; figures are never computed over the others.
        var coverage = new List<FicheBlock>
        {
            new FicheParagraph("Chaque chiffre n'est calculé que sur les établissements que sa source couvre ; les autres sont comptés « N.C. » (non communiqué)."),
        };
        var coverageRows = new List<FicheFigure>();
        foreach (var c in answer.GetProperty("coverage").EnumerateArray())
        {
            var id = Str(c, "sourceId") ?? "";
            var label = id == "annuaire" ? "Annuaire de l'éducation" : sources.TryGetValue(id, out var s) ? Citation(s) : id;
            var types = c.TryGetProperty("byType", out var t) && t.ValueKind == JsonValueKind.Object
                ? string.Join(", ", t.EnumerateObject().Select(x => $"{FrenchFormat.Number(x.Value.GetDouble())} {x.Name.ToLowerInvariant()}"))
                : null;
            var demo = Num(c, "demonstration") is { } n && n > 0 ? $", dont {FrenchFormat.Number(n)} en démonstration" : "";
            coverageRows.Add(new FicheFigure(label, $"{FrenchFormat.Number(Num(c, "schools") ?? 0)} établissements{(types is null ? "" : $" ({types})")}{demo}", IsDemonstration: demo.Length > 0));
        }
        coverage.Add(new FicheFigures(coverageRows));
        coverage.Add(new FicheParagraph("Les chiffres de réseau fixe (Arcep) portent sur tous les locaux des communes du territoire et couvrent toute la France.", IsNote: true));
        sections.Add(new FicheSection("Couverture des données", coverage));

        // The comparison, as the page's chart draws it for all schools.
        var groups = new List<FicheChartGroup>();
        var notes = new HashSet<string>();
        foreach (var id in ChartIndicators)
        {
            var indicator = indicators.FirstOrDefault(i => Str(i, "id") == id);
            if (indicator.ValueKind != JsonValueKind.Object) continue;
            // A count does not compare between territories of different sizes: its share does.
            var share = Str(indicator, "aggregation") == "nombre";
            var unit = share ? "%" : Str(indicator, "unit");
            var bars = new List<FicheChartBar> { Bar(level == "france" ? "France" : name, indicator.GetProperty("all"), unit, current: true, share) };
            foreach (var c in indicator.GetProperty("comparison").EnumerateArray())
            {
                var parentName = Str(c, "level") == "academie" ? $"Académie de {Str(c, "name")}" : Str(c, "name") ?? "";
                // A parent whose figure covers other school types is marked, and the note says what to compare.
                var unequal = c.TryGetProperty("comparable", out var comparable) && comparable.ValueKind == JsonValueKind.False;
                bars.Add(Bar(parentName + (unequal ? " *" : ""), c.GetProperty("all"), unit, current: false, share));
                if (unequal && Str(c, "note") is { } note) notes.Add("* " + note);
            }
            var demo = Bool(indicator.GetProperty("all"), "isDemonstration");
            var maximum = unit == "%" ? 100 : Math.Max(1, bars.Max(b => b.Value ?? 0));
            groups.Add(new FicheChartGroup(Str(indicator, "label") + (share ? " (part, en %)" : "") + (demo ? " (démo)" : ""), maximum, bars));
        }
        var comparison = new List<FicheBlock>();
        if (notes.Count > 0) comparison.Add(new FicheParagraph(string.Join(" ", notes)));
        comparison.Add(new FicheChart(
            $"Comparaison, pour tous les établissements, de {(level == "france" ? "la France" : name)} avec ses territoires parents et la France. Les chiffres de réseau fixe portent sur les locaux des communes.",
            groups));
        sections.Add(new FicheSection("Comparaison avec les territoires parents et la France", comparison));

        // Every indicator by component: one table by school type, one by sector, each with its N.C. shares.
        var labels = new Dictionary<string, string>(GroupLabels);
        foreach (var property in new[] { "typeGroups", "sectors" })
        {
            if (!answer.TryGetProperty(property, out var groupsServed) || groupsServed.ValueKind != JsonValueKind.Array) continue;
            foreach (var g in groupsServed.EnumerateArray()) labels[Str(g, "id") ?? ""] = Str(g, "label") ?? "";
        }
        var typeKeys = indicators.SelectMany(i => Keys(i, "byType")).Distinct().ToList();
        var sectorKeys = indicators.SelectMany(i => Keys(i, "bySector")).Distinct().ToList();
        var anyDemo = false;
        foreach (var component in answer.GetProperty("components").EnumerateArray())
        {
            var id = Str(component, "id");
            var members = indicators.Where(i => Str(i, "component") == id).ToList();
            if (members.Count == 0) continue;
            var cited = new List<string>();
            foreach (var indicator in members)
            {
                anyDemo |= Bool(indicator.GetProperty("all"), "isDemonstration");
                if (entries.TryGetValue(Str(indicator, "id") ?? "", out var entry))
                {
                    foreach (var s in entry.GetProperty("sources").EnumerateArray()) cited.Add(Citation(s));
                }
            }
            var source = "Source : " + string.Join(" ; ", cited.Distinct()) + ". « — » : chiffre des locaux des communes, sans ventilation.";
            sections.Add(new FicheSection(Str(component, "label") ?? "",
            [
                BreakdownTable(members, entries, "byType", typeKeys, labels, null),
                BreakdownTable(members, entries, "bySector", sectorKeys, labels, source),
            ]));
        }

        return new FicheDocument(
            title,
            subtitle ?? "",
            anyDemo ? DemonstrationText : null,
            sections,
            sources.Values.Select(SourceLine).ToList(),
            Str(answer, "dataVersion") ?? "",
            generatedAt);
    }

    private static FicheTable BreakdownTable(List<JsonElement> indicators, Dictionary<string, JsonElement> entries, string property,
        IReadOnlyList<string> keys, IReadOnlyDictionary<string, string> labels, string? source)
    {
        var header = new List<string> { "Indicateur", "Ensemble" };
        header.AddRange(keys.Select(k => labels.GetValueOrDefault(k, k)));
        var rows = new List<IReadOnlyList<string>>();
        foreach (var indicator in indicators)
        {
            entries.TryGetValue(Str(indicator, "id") ?? "", out var entry);
            var all = indicator.GetProperty("all");
            var row = new List<string> { (Str(indicator, "label") ?? "") + (Bool(all, "isDemonstration") ? " [démo]" : ""), Cell(all, indicator, entry) };
            var brokenDown = indicator.TryGetProperty(property, out var groups) && groups.ValueKind == JsonValueKind.Object;
            row.AddRange(keys.Select(key => brokenDown && groups.TryGetProperty(key, out var v) ? Cell(v, indicator, entry) : "—"));
            rows.Add(row);
        }
        return new FicheTable(header, rows, source);
    }

    private static FicheFigure SchoolFigure(JsonElement indicator, JsonElement school, IReadOnlyDictionary<string, JsonElement> sources)
    {
        var notCommunicated = Bool(indicator, "notCommunicated");
        var demo = Bool(indicator, "isDemonstration");
        string value;
        if (notCommunicated) value = "N.C.";
        else if (Str(indicator, "band") is { } band) value = Str(indicator, "bandLabel") ?? band;
        else if (indicator.TryGetProperty("yes", out var yes) && yes.ValueKind is JsonValueKind.True or JsonValueKind.False) value = yes.GetBoolean() ? "oui" : "non";
        else if (Num(indicator, "value") is { } number) value = Str(indicator, "unit") == "%" ? FrenchFormat.Percent(number) : FrenchFormat.Number(number, 1);
        else value = "N.C.";
        if (Str(indicator, "id") == "reseau-4g" && school.TryGetProperty("mobile", out var mobile) && mobile.ValueKind == JsonValueKind.Object)
        {
            var operators = string.Join(", ", mobile.GetProperty("operators4G").EnumerateArray().Select(o => o.GetString()));
            value += $" — {FrenchFormat.Number(Num(mobile, "sites4G") ?? 0)} sites 4G à moins de {FrenchFormat.Number((Num(mobile, "radiusMeters") ?? 0) / 1000)} km{(operators.Length > 0 ? $" ({operators})" : "")}";
        }
        var cite = string.Join(" ; ", indicator.GetProperty("sources").EnumerateArray()
            .Select(s => sources.TryGetValue(s.GetString() ?? "", out var source) ? Citation(source) : null).OfType<string>());
        var label = (Str(indicator, "label") ?? "").Replace(" (commune)", "", StringComparison.Ordinal);
        return new FicheFigure(label, value, cite.Length > 0 ? cite : null, demo, notCommunicated);
    }

    private static FicheChartBar Bar(string name, JsonElement value, string? unit, bool current, bool share)
    {
        var number = !share ? Num(value, "value")
            : Num(value, "denominator") is { } denominator && denominator > 0 ? Num(value, "numerator") / denominator * 100 : null;
        var text = number is null ? "N.C." : unit == "%" ? FrenchFormat.Percent(number.Value) : FrenchFormat.Number(number.Value, 1);
        return new FicheChartBar(name, number, text, current);
    }

    private static string Cell(JsonElement value, JsonElement indicator, JsonElement entry)
    {
        if (value.ValueKind != JsonValueKind.Object) return "—";
        var rule = Str(indicator, "aggregation");
        var known = Num(value, "known") ?? 0;
        string text;
        if (rule == "tranches")
        {
            var labels = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("bands", out var b) && b.ValueKind == JsonValueKind.Array
                ? b.EnumerateArray().ToDictionary(x => Str(x, "code") ?? "", x => Str(x, "label") ?? "")
                : [];
            text = known == 0 || !value.TryGetProperty("bands", out var bands) || bands.ValueKind != JsonValueKind.Object
                ? "N.C."
                : string.Join("\n", bands.EnumerateObject().Select(x => $"{labels.GetValueOrDefault(x.Name, x.Name)} : {FrenchFormat.Percent(x.Value.GetDouble() / known * 100)}"));
        }
        else if (Num(value, "value") is not { } number) text = "N.C.";
        else if (rule == "nombre") text = FrenchFormat.Number(number);
        else if (rule == "ratio-de-sommes") text = "1 pour " + FrenchFormat.Number(number, 1);
        else text = Str(indicator, "unit") == "%" ? FrenchFormat.Percent(number) : FrenchFormat.Number(number, 1);
        var schools = Num(value, "schools") ?? 0;
        var nc = Num(value, "notCommunicated") ?? 0;
        if (schools > 0 && nc > 0 && text != "N.C.") text += $"\nN.C. : {FrenchFormat.Percent(nc / schools * 100)}";
        return text;
    }

    private static string LevelLabel(string level) => level switch
    {
        "commune" => "Commune", "departement" => "Département", "academie" => "Académie", "region" => "Région", _ => "France",
    };

    /// <summary>« Arcep, Ma connexion internet, 2022T4 »: short enough to sit next to a figure.</summary>
    private static string Citation(JsonElement source)
    {
        var dataset = Str(source, "dataset")?.Split([" (", ", "], StringSplitOptions.None)[0];
        var producer = Str(source, "producer") is { Length: <= 40 } p ? p : null;
        var date = Bool(source, "demonstration") || Str(source, "date") == "démonstration" ? "démonstration" : Str(source, "date");
        return Join(", ", producer, dataset, date) ?? "";
    }

    private static string SourceLine(JsonElement s) =>
        $"Source : {Str(s, "producer")}, {Str(s, "dataset")}{(Str(s, "date") is { } d ? ", " + d : "")} ({Str(s, "licence")}){(Bool(s, "demonstration") ? " — données de démonstration" : "")}";

    private static IEnumerable<string> Keys(JsonElement indicator, string property) =>
        indicator.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object ? value.EnumerateObject().Select(p => p.Name) : [];

    private static void Add(List<FicheFigure> rows, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) rows.Add(new FicheFigure(label, value));
    }

    private static string? Join(string separator, params string?[] parts)
    {
        var kept = parts.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return kept.Count == 0 ? null : string.Join(separator, kept);
    }

    private static string? Str(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Num(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static bool Bool(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;
}
