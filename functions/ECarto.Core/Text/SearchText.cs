namespace ECarto.Text;

/// <summary>
/// Words of a name or of a query, as search compares them: folded (<see cref="FrenchText.Fold"/>: case,
/// accents, hyphens and apostrophes ignored), with the official abbreviations spelled out (« Clg »,
/// « LGT », « LP », « St »…). The same function reads the names and the queries, so both meet on one form.
/// </summary>
public static class SearchText
{
    /// <summary>Abbreviations of the annuaire's names and of what people type, spelled out.</summary>
    private static readonly Dictionary<string, string[]> Expansions = new(StringComparer.Ordinal)
    {
        ["st"] = ["saint"],
        ["ste"] = ["sainte"],
        ["sts"] = ["saints"],
        ["stes"] = ["saintes"],
        ["hte"] = ["haute"],
        ["htes"] = ["hautes"],
        ["clg"] = ["college"],
        ["coll"] = ["college"],
        ["lgt"] = ["lycee", "general", "technologique"],
        ["lg"] = ["lycee", "general"],
        ["lt"] = ["lycee", "technologique"],
        ["lp"] = ["lycee", "professionnel"],
        ["lpo"] = ["lycee", "polyvalent"],
        ["ee"] = ["ecole", "elementaire"],
        ["em"] = ["ecole", "maternelle"],
        ["ep"] = ["ecole", "primaire"],
        ["eepu"] = ["ecole", "elementaire", "publique"],
        ["empu"] = ["ecole", "maternelle", "publique"],
        ["eppu"] = ["ecole", "primaire", "publique"],
        ["eepr"] = ["ecole", "elementaire", "prive"],
        ["empr"] = ["ecole", "maternelle", "prive"],
        ["eppr"] = ["ecole", "primaire", "prive"],
        ["elem"] = ["elementaire"],
        ["priv"] = ["prive"],
        ["privee"] = ["prive"],
        ["pub"] = ["publique"],
        ["public"] = ["publique"],
        ["acad"] = ["academie"],
        ["dept"] = ["departement"],
        ["dpt"] = ["departement"],
        ["mgr"] = ["monseigneur"],
        ["pdt"] = ["president"],
        ["gal"] = ["general"],
        ["cdt"] = ["commandant"],
    };

    /// <summary>
    /// Words a name may lack without failing a query: articles and prepositions (« de », « l' »), and the
    /// sector words the official names add or omit (« Ecole élémentaire publique »).
    /// </summary>
    private static readonly HashSet<string> Optional = new(StringComparer.Ordinal)
    {
        "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "sur", "sous", "publique", "prive",
    };

    /// <summary>« Clg St-Exupéry » → college, saint, exupery.</summary>
    public static List<string> Words(string? text)
    {
        var words = new List<string>();
        foreach (var word in FrenchText.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Expansions.TryGetValue(word, out var expanded)) words.AddRange(expanded);
            else words.Add(word);
        }
        return words;
    }

    /// <summary>
    /// Whether a name may lack this typed word: an article, « publique », « privée », or a typo of one of
    /// these last two (« pivee »).
    /// </summary>
    public static bool IsOptional(string word)
    {
        if (Optional.Contains(word)) return true;
        var typos = TyposAllowed(word);
        return typos > 0 && SectorWords.Any(w => Distance(word, w, typos) <= typos);
    }

    private static readonly string[] SectorWords = ["publique", "public", "prive", "privee"];

    /// <summary>Whether a word of a name is an article or a preposition (not counted in a name's length).</summary>
    public static bool IsArticle(string word) => word.Length <= 3 && Optional.Contains(word);

    /// <summary>
    /// The elided forms joined to their next word (« l union » → « lunion », « d arc » → « darc »), for
    /// people who type them without the apostrophe.
    /// </summary>
    public static IEnumerable<string> Joined(IReadOnlyList<string> words)
    {
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (words[i] is "l" or "d" or "qu") yield return words[i] + words[i + 1];
        }
    }

    /// <summary>
    /// The restricted Damerau-Levenshtein distance (substitution, insertion, deletion, swap of two neighbours),
    /// or <paramref name="max"/> + 1 as soon as it exceeds <paramref name="max"/>.
    /// </summary>
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) value = Math.Min(value, previous2[j - 2] + 1);
                current[j] = value;
                if (value < rowMin) rowMin = value;
            }
            if (rowMin > max) return max + 1;
            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }
        return Math.Min(previous[b.Length], max + 1);
    }

    /// <summary>
    /// Typos tolerated in a typed word: one from four letters (a word of five that lost a letter has four),
    /// two from eight; none in a number.
    /// </summary>
    public static int TyposAllowed(string word) => word.Any(char.IsDigit) ? 0 : word.Length >= 8 ? 2 : word.Length >= 4 ? 1 : 0;
}
