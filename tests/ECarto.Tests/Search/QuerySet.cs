using System.Globalization;
using System.Text;
using ECarto.Establishments;
using ECarto.Territories;

namespace ECarto.Tests.Search;

/// <summary>One labelled query: its kind, what it must find (level and code, or UAI), and the text typed.</summary>
public sealed record LabelledQuery(string Kind, string Niveau, string Code, string Query)
{
    public string ToLine() => string.Join('\t', Kind, Niveau, Code, Query);

    public static LabelledQuery FromLine(string line)
    {
        var parts = line.Split('\t');
        return new LabelledQuery(parts[0], parts[1], parts[2], parts[3]);
    }
}

/// <summary>
/// The labelled query set, generated deterministically (seeded) from the real sample: schools of the
/// annuaire, communes, départements, académies and régions of the COG. Four kinds: exact (names as
/// written, UAI and codes), without accents (lower case, no accent, no hyphen), with typos (one per word of
/// five to seven letters, one or two from eight letters, never on the first letter), name + commune (a
/// school name shared by several schools, with its commune). Kept in <c>queries.tsv</c> next to this file.
/// </summary>
public static class QuerySet
{
    public const string Exact = "exact", NoAccent = "sans-accent", Typo = "faute", NameAndCommune = "nom-commune";
    public const string School = "etablissement";

    public static string FilePath => Path.Combine(TestData.Root, "tests", "ECarto.Tests", "Search", "queries.tsv");

    public static List<LabelledQuery> Read() =>
        File.ReadAllLines(FilePath).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(LabelledQuery.FromLine).ToList();

    public static List<LabelledQuery> Generate()
    {
        var random = new Random(10);
        List<T> Pick<T>(IEnumerable<T> items, int count) => items.Select(i => (Key: random.Next(), Item: i)).OrderBy(p => p.Key).Take(count).Select(p => p.Item).ToList();
        var queries = new List<LabelledQuery>();

        // Schools the search lists by default, in a stable order.
        var listed = SearchCorpus.Schools.Where(SchoolScope.IsCounted).OrderBy(s => s.Uai, StringComparer.Ordinal).ToList();
        var byName = listed.GroupBy(s => Plain(s.Name)).ToDictionary(g => g.Key, g => g.Count());
        var unique = listed.Where(s => byName[Plain(s.Name)] == 1 && Plain(s.Name).Split(' ').Length >= 2).ToList();
        var shared = listed.Where(s => byName[Plain(s.Name)] > 1 && s.CommuneName is not null)
            .GroupBy(s => (Plain(s.Name), Plain(s.CommuneName)))
            .Where(g => g.Count() == 1)
            .Select(g => g.Single())
            .ToList();

        var communesWithSchools = SearchCorpus.Territories.Where(t => t.Level == TerritoryLevel.Commune && t.Schools > 0).OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
        var communeNames = SearchCorpus.Referential.CurrentCommunes.GroupBy(c => Plain(c.Name)).ToDictionary(g => g.Key, g => g.Count());
        var uniqueCommunes = communesWithSchools.Where(t => communeNames[Plain(t.Name)] == 1).ToList();
        var departements = SearchCorpus.Territories.Where(t => t.Level == TerritoryLevel.Departement).OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
        var academies = SearchCorpus.Territories.Where(t => t.Level == TerritoryLevel.Academie).OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
        var regions = SearchCorpus.Territories.Where(t => t.Level == TerritoryLevel.Region).OrderBy(t => t.Code, StringComparer.Ordinal).ToList();

        // Exact: names as written, UAI and codes.
        queries.AddRange(Pick(unique, 30).Select(s => new LabelledQuery(Exact, School, s.Uai, s.Name)));
        queries.AddRange(Pick(listed, 15).Select(s => new LabelledQuery(Exact, School, s.Uai, random.Next(2) == 0 ? s.Uai : s.Uai.ToLowerInvariant())));
        queries.AddRange(Pick(uniqueCommunes, 12).Select(t => new LabelledQuery(Exact, t.Level, t.Code, t.Name)));
        queries.AddRange(Pick(communesWithSchools, 8).Select(t => new LabelledQuery(Exact, t.Level, t.Code, t.Code)));
        queries.AddRange(Pick(departements, 8).Select(t => new LabelledQuery(Exact, t.Level, t.Code, t.Name)));
        queries.AddRange(Pick(departements, 8).Select(t => new LabelledQuery(Exact, t.Level, t.Code, t.Code)));
        queries.AddRange(Pick(academies, 6).Select(t => new LabelledQuery(Exact, t.Level, t.Code, random.Next(2) == 0 ? t.Name : $"Académie de {t.Name}")));
        queries.AddRange(Pick(regions, 4).Select(t => new LabelledQuery(Exact, t.Level, t.Code, t.Name)));

        // Without accents, case or hyphens.
        queries.AddRange(Pick(unique, 25).Select(s => new LabelledQuery(NoAccent, School, s.Uai, Plain(s.Name))));
        queries.AddRange(Pick(uniqueCommunes.Where(t => Plain(t.Name) != t.Name), 10).Select(t => new LabelledQuery(NoAccent, t.Level, t.Code, Plain(t.Name))));
        queries.AddRange(Pick(departements.Where(t => Plain(t.Name) != t.Name), 5).Select(t => new LabelledQuery(NoAccent, t.Level, t.Code, Plain(t.Name))));
        queries.AddRange(Pick(academies.Where(t => Plain(t.Name) != t.Name), 3).Select(t => new LabelledQuery(NoAccent, t.Level, t.Code, Plain(t.Name))));

        // With typos, on names that have a word of five letters or more.
        bool Typable(string name) => Plain(name).Split(' ').Any(w => w.Length >= 5 && w.All(char.IsAsciiLetter));
        queries.AddRange(Pick(unique.Where(s => Typable(s.Name)), 40).Select(s => new LabelledQuery(Typo, School, s.Uai, WithTypos(s.Name, random))));
        queries.AddRange(Pick(uniqueCommunes.Where(t => Typable(t.Name)), 15).Select(t => new LabelledQuery(Typo, t.Level, t.Code, WithTypos(t.Name, random))));
        queries.AddRange(Pick(departements.Where(t => Typable(t.Name)), 6).Select(t => new LabelledQuery(Typo, t.Level, t.Code, WithTypos(t.Name, random))));
        queries.AddRange(Pick(academies.Where(t => Typable(t.Name)), 3).Select(t => new LabelledQuery(Typo, t.Level, t.Code, WithTypos(t.Name, random))));

        // A shared school name with its commune.
        queries.AddRange(Pick(shared, 40).Select(s => new LabelledQuery(NameAndCommune, School, s.Uai, $"{s.Name} {s.CommuneName}")));
        return queries;
    }

    /// <summary>Lower case, no diacritics, every other character a space: written here, not with the product's folding.</summary>
    public static string Plain(string? text)
    {
        var builder = new StringBuilder();
        foreach (var c in (text ?? "").Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// One or two words of five letters or more get typos (a substitution, a deletion, an insertion or a swap
    /// of neighbours, never on the first letter): one per word under eight letters, one or two from eight.
    /// </summary>
    public static string WithTypos(string name, Random random)
    {
        var words = Plain(name).Split(' ');
        var candidates = Enumerable.Range(0, words.Length).Where(i => words[i].Length >= 5 && words[i].All(char.IsAsciiLetter)).ToList();
        var chosen = candidates.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToList();
        foreach (var i in chosen)
        {
            var edits = words[i].Length >= 8 ? random.Next(1, 3) : 1;
            var word = words[i];
            for (var e = 0; e < edits; e++) word = Edit(word, random);
            words[i] = word;
        }
        return string.Join(' ', words);
    }

    private static string Edit(string word, Random random)
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        var at = random.Next(1, word.Length - 1);
        return random.Next(4) switch
        {
            0 => word[..at] + letters[random.Next(letters.Length)] + word[(at + 1)..],
            1 => word[..at] + word[(at + 1)..],
            2 => word[..at] + letters[random.Next(letters.Length)] + word[at..],
            _ => word[..at] + word[at + 1] + word[at] + word[(at + 2)..],
        };
    }
}
