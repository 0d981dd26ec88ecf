using ECarto.Text;

namespace ECarto.Search;

/// <summary>What is searchable of a document: its names (primary), then other words (its commune, codes).</summary>
public sealed record TextFields(IReadOnlyList<string> Names, IReadOnlyList<string> Others);

/// <summary>A document that matches every required word of a query, with its score.</summary>
/// <param name="Doc">Its position in the list the index was built from.</param>
/// <param name="Fuzzy">One of its words only matched with a typo.</param>
public readonly record struct TextMatch(int Doc, int Score, bool Fuzzy);

/// <summary>
/// A purpose-built inverted index over the words of <see cref="SearchText.Words"/>. A query word matches a
/// word of a document exactly, as its beginning (typing), or with typos (<see cref="SearchText.TyposAllowed"/>;
/// the first letter must be right, as with a fuzzy query's prefix length of one); every word of the query but
/// the optional ones (« de », « publique ») must match. Words of the names count more than the others.
/// Immutable once built: safe to share between requests.
/// </summary>
public sealed class TextIndex
{
    private const int Exact = 3, Prefix = 2, Typo = 1;

    /// <summary>The vocabulary, sorted ordinally (prefix ranges by binary search).</summary>
    private readonly string[] _terms;

    /// <summary>For each term, the documents holding it, ascending.</summary>
    private readonly int[][] _postings;

    /// <summary>For each document, its terms: id × 2, + 1 when in a name.</summary>
    private readonly int[][] _documentTerms;

    /// <summary>For each document, the id of the first word of its first name, and how many words that name has.</summary>
    private readonly int[] _firstTerm;
    private readonly int[] _nameLength;

    /// <summary>Term ids by first letter, for the typo scan.</summary>
    private readonly Dictionary<char, int[]> _byFirstLetter;

    public TextIndex(IReadOnlyList<TextFields> documents)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var raw = new List<int>[documents.Count];
        _firstTerm = new int[documents.Count];
        _nameLength = new int[documents.Count];
        for (var d = 0; d < documents.Count; d++)
        {
            var terms = new Dictionary<int, int>();
            void Add(string word, int primary)
            {
                if (!ids.TryGetValue(word, out var id)) ids[word] = id = ids.Count;
                terms[id] = Math.Max(terms.GetValueOrDefault(id), primary);
            }
            _firstTerm[d] = -1;
            foreach (var (text, primary) in documents[d].Names.Select(n => (n, 1)).Concat(documents[d].Others.Select(o => (o, 0))))
            {
                var words = SearchText.Words(text);
                if (primary == 1 && _firstTerm[d] < 0 && words.Count > 0)
                {
                    _firstTerm[d] = ids.TryGetValue(words[0], out var first) ? first : ids.Count;
                    _nameLength[d] = words.Count(w => !SearchText.IsArticle(w));
                }
                foreach (var word in words.Concat(SearchText.Joined(words))) Add(word, primary);
            }
            raw[d] = terms.Select(t => t.Key * 2 + t.Value).ToList();
        }

        // Renumber the terms in sorted order.
        _terms = ids.Keys.Order(StringComparer.Ordinal).ToArray();
        var renumber = new int[_terms.Length];
        for (var i = 0; i < _terms.Length; i++) renumber[ids[_terms[i]]] = i;
        var postings = new List<int>[_terms.Length];
        _documentTerms = new int[documents.Count][];
        for (var d = 0; d < documents.Count; d++)
        {
            var terms = raw[d].Select(t => renumber[t >> 1] * 2 + (t & 1)).ToArray();
            _documentTerms[d] = terms;
            if (_firstTerm[d] >= 0) _firstTerm[d] = renumber[_firstTerm[d]];
            foreach (var t in terms) (postings[t >> 1] ??= []).Add(d);
        }
        _postings = postings.Select(p => p.ToArray()).ToArray();
        _byFirstLetter = Enumerable.Range(0, _terms.Length)
            .Where(i => SearchText.TyposAllowed(_terms[i]) > 0 || _terms[i].Length >= 3)
            .GroupBy(i => _terms[i][0])
            .ToDictionary(g => g.Key, g => g.ToArray());
    }

    public int DocumentCount => _documentTerms.Length;

    public int TermCount => _terms.Length;

    /// <summary>Every document matching all required words of the query (none for a query without words).</summary>
    public List<TextMatch> Match(string query)
    {
        var words = SearchText.Words(query);
        var matches = new List<TextMatch>();
        if (words.Count == 0) return matches;
        var required = words.Where(w => !SearchText.IsOptional(w)).ToList();
        if (required.Count == 0) required = words;
        var optional = words.Where(w => !required.Contains(w)).Distinct().Select(w => Array.BinarySearch(_terms, w, StringComparer.Ordinal)).Where(i => i >= 0).ToHashSet();

        var qualities = new Dictionary<int, int>[required.Count];
        var cheapest = 0;
        var cheapestCost = long.MaxValue;
        for (var i = 0; i < required.Count; i++)
        {
            qualities[i] = TermsMatching(required[i], allowTypoPrefix: i == required.Count - 1);
            if (qualities[i].Count == 0) return matches;
            long cost = qualities[i].Keys.Sum(t => (long)_postings[t].Length);
            if (cost < cheapestCost) (cheapest, cheapestCost) = (i, cost);
        }

        var candidates = new HashSet<int>();
        foreach (var term in qualities[cheapest].Keys) candidates.UnionWith(_postings[term]);
        foreach (var doc in candidates)
        {
            var terms = _documentTerms[doc];
            var score = 0;
            var fuzzy = false;
            var exactNameWords = 0;
            var rejected = false;
            for (var i = 0; i < required.Count && !rejected; i++)
            {
                var best = 0;
                foreach (var t in terms)
                {
                    if (qualities[i].TryGetValue(t >> 1, out var quality)) best = Math.Max(best, quality * 2 + (t & 1));
                }
                if (best == 0) rejected = true;
                if (best >> 1 == Typo) fuzzy = true;
                if (best == Exact * 2 + 1) exactNameWords++;
                score += best;
            }
            if (rejected) continue;
            foreach (var t in terms) if (optional.Contains(t >> 1)) score++;
            // The name starts with the first word typed (prefix match of the name), or is exactly what was typed.
            if (_firstTerm[doc] >= 0 && qualities[0].GetValueOrDefault(_firstTerm[doc]) >= Prefix) score += 2;
            if (exactNameWords == required.Count && _nameLength[doc] == required.Count) score += 3;
            matches.Add(new TextMatch(doc, score, fuzzy));
        }
        return matches;
    }

    /// <summary>The terms a query word matches, with the quality of each match.</summary>
    private Dictionary<int, int> TermsMatching(string word, bool allowTypoPrefix)
    {
        var found = new Dictionary<int, int>();
        var start = Array.BinarySearch(_terms, word, StringComparer.Ordinal);
        if (start < 0) start = ~start;
        for (var i = start; i < _terms.Length && _terms[i].StartsWith(word, StringComparison.Ordinal); i++)
        {
            found[i] = _terms[i].Length == word.Length ? Exact : Prefix;
        }
        var typos = SearchText.TyposAllowed(word);
        if (typos == 0 || !_byFirstLetter.TryGetValue(word[0], out var sameFirst)) return found;
        foreach (var id in sameFirst)
        {
            var term = _terms[id];
            if (found.ContainsKey(id)) continue;
            if (Math.Abs(term.Length - word.Length) <= typos && SearchText.Distance(word, term, typos) <= typos)
            {
                found[id] = Typo;
            }
            else if (allowTypoPrefix && term.Length > word.Length && SearchText.Distance(word, term.AsSpan(0, word.Length), typos) <= typos)
            {
                found[id] = Typo;
            }
        }
        return found;
    }
}
