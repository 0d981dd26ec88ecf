using ECarto.Text;

namespace ECarto.Search;

/// <summary>What is searchable of a document: its names (primary), then other words (its commune, codes).</summary>
public sealed record TextFields(IReadOnlyList<string> Names, IReadOnlyList<string> Others);

/// <summary>A document that matches every required word of a query, with its score.</summary>
/// <param name="Doc">Its position in the list the index was built from.</param>
/// <param name="Fuzzy">One of its words only matched with a typo.</param>
public readonly record struct TextMatch(int Doc, int Score, bool Fuzzy);

/// <summary>What <see cref="TextIndex.Visit{TSink}"/> gives each matching document to.</summary>
internal interface IMatchSink
{
    /// <summary>The document's group; negative to leave it out (it is then not scored).</summary>
    int Group(int doc);

    void Add(int group, TextMatch match);
}

/// <summary>The matches of a query in each group: counts, and the best ones without and with a typo.</summary>
public sealed class MatchGroups
{
    private readonly int _take;
    private readonly IComparer<TextMatch> _order;
    private readonly PriorityQueue<TextMatch, TextMatch>?[] _strict;
    private readonly PriorityQueue<TextMatch, TextMatch>?[] _fuzzy;
    private readonly int[] _strictCount;
    private readonly int[] _fuzzyCount;

    private readonly Action<TextMatch>? _visit;

    /// <param name="visit">Also called with every match, whatever <paramref name="take"/> keeps (a filtered search sees them all).</param>
    public MatchGroups(int groups, int take, IComparer<TextMatch> order, Action<TextMatch>? visit = null)
    {
        _take = take;
        _visit = visit;
        _order = order;
        _strict = new PriorityQueue<TextMatch, TextMatch>?[groups];
        _fuzzy = new PriorityQueue<TextMatch, TextMatch>?[groups];
        _strictCount = new int[groups];
        _fuzzyCount = new int[groups];
    }

    public int StrictCount(int group) => _strictCount[group];

    public int FuzzyCount(int group) => _fuzzyCount[group];

    /// <summary>The best matches without a typo, best first.</summary>
    public List<TextMatch> Strict(int group) => Drain(_strict[group]);

    /// <summary>The best matches with a typo, best first.</summary>
    public List<TextMatch> Fuzzy(int group) => Drain(_fuzzy[group]);

    internal void Add(int group, TextMatch match)
    {
        if (match.Fuzzy) _fuzzyCount[group]++;
        else _strictCount[group]++;
        _visit?.Invoke(match);
        if (_take <= 0) return;
        ref var heap = ref match.Fuzzy ? ref _fuzzy[group] : ref _strict[group];
        // A max-heap of the best « take » so far: the worst of them on top, replaced by anything better.
        heap ??= new PriorityQueue<TextMatch, TextMatch>(_take + 1, Comparer<TextMatch>.Create((a, b) => _order.Compare(b, a)));
        if (heap.Count < _take) heap.Enqueue(match, match);
        else if (_order.Compare(match, heap.Peek()) < 0) heap.EnqueueDequeue(match, match);
    }

    private static List<TextMatch> Drain(PriorityQueue<TextMatch, TextMatch>? heap)
    {
        var list = new List<TextMatch>(heap?.Count ?? 0);
        while (heap is { Count: > 0 }) list.Add(heap.Dequeue());
        list.Reverse();
        return list;
    }
}

/// <summary>
/// A purpose-built inverted index over the words of <see cref="SearchText.Words"/>. A query word matches a
/// word of a document exactly, as its beginning (typing), or with typos (<see cref="SearchText.TyposAllowed"/>;
/// the first letter must be right, as with a fuzzy query's prefix length of one); every word of the query but
/// the optional ones (« de », « publique ») must match. Words of the names count more than the others.
/// Immutable once built: safe to share between requests (the scratch arrays of a query are per thread).
/// </summary>
public sealed class TextIndex
{
    private const int Exact = 3, Prefix = 2, Typo = 1;

    /// <summary>Query words beyond this many are not required (a query is at most 200 characters anyway).</summary>
    public const int MaxRequiredWords = 15;

    /// <summary>A query word starting words of at least this many documents is not searched for typos.</summary>
    public const int TypedWordDocuments = 100;

    /// <summary>The bit of <see cref="_marks"/> saying a term is an optional word of the query.</summary>
    private const int OptionalBit = 1 << 30;

    /// <summary>The vocabulary, sorted ordinally (prefix ranges by binary search, runs of a common prefix).</summary>
    private readonly string[] _terms;

    /// <summary>For each term, the documents holding it, ascending.</summary>
    private readonly int[][] _postings;

    /// <summary>
    /// Each document's terms (id × 2, + 1 when in a name), all in one array: document d's are
    /// <c>_documentTerms[_documentStart[d].._documentStart[d + 1]]</c>. One block rather than an array per
    /// document: a query scoring tens of thousands of documents in ascending order reads it front to back.
    /// </summary>
    private readonly int[] _documentTerms;
    private readonly int[] _documentStart;

    /// <summary>For each document, the id of the first word of its first name, and how many words (not articles) that name has.</summary>
    private readonly int[] _firstTerm;
    private readonly int[] _nameLength;

    /// <summary>For each first letter, the range of <see cref="_terms"/> starting with it.</summary>
    private readonly Dictionary<char, (int Start, int End)> _letterRanges = [];

    /// <summary>For each (first letter, length), the ids of those terms: the typo scan of whole words.</summary>
    private readonly Dictionary<(char, int), int[]> _byLetterAndLength;

    // Per-thread scratch: a query's match of each term (2 bits per required word), and the documents seen.
    [ThreadStatic] private static int[]? _marks;
    [ThreadStatic] private static bool[]? _seen;

    public TextIndex(IReadOnlyList<TextFields> documents)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var raw = new int[documents.Count][];
        _firstTerm = new int[documents.Count];
        _nameLength = new int[documents.Count];
        var terms = new Dictionary<int, int>();
        for (var d = 0; d < documents.Count; d++)
        {
            terms.Clear();
            _firstTerm[d] = -1;
            Read(documents[d].Names, 1, d);
            Read(documents[d].Others, 0, d);
            var list = new int[terms.Count];
            var n = 0;
            foreach (var (id, primary) in terms) list[n++] = id * 2 + primary;
            raw[d] = list;
        }

        void Read(IReadOnlyList<string> texts, int primary, int d)
        {
            foreach (var text in texts)
            {
                var words = SearchText.Words(text);
                if (words.Count == 0) continue;
                if (primary == 1 && _firstTerm[d] < 0)
                {
                    _firstTerm[d] = Id(words[0]);
                    _nameLength[d] = words.Count(w => !SearchText.IsArticle(w));
                }
                foreach (var word in words) Add(Id(word), primary);
                foreach (var word in SearchText.Joined(words)) Add(Id(word), primary);
            }
        }
        int Id(string word)
        {
            if (!ids.TryGetValue(word, out var id)) ids[word] = id = ids.Count;
            return id;
        }
        void Add(int id, int primary) => terms[id] = Math.Max(terms.GetValueOrDefault(id), primary);

        // Renumber the terms in sorted order; postings by counting.
        _terms = new string[ids.Count];
        ids.Keys.CopyTo(_terms, 0);
        Array.Sort(_terms, StringComparer.Ordinal);
        var renumber = new int[_terms.Length];
        for (var i = 0; i < _terms.Length; i++) renumber[ids[_terms[i]]] = i;
        var counts = new int[_terms.Length];
        _documentStart = new int[raw.Length + 1];
        for (var d = 0; d < raw.Length; d++) _documentStart[d + 1] = _documentStart[d] + raw[d].Length;
        _documentTerms = new int[_documentStart[^1]];
        for (var d = 0; d < raw.Length; d++)
        {
            var list = raw[d];
            for (var j = 0; j < list.Length; j++)
            {
                list[j] = renumber[list[j] >> 1] * 2 + (list[j] & 1);
                counts[list[j] >> 1]++;
            }
            list.CopyTo(_documentTerms, _documentStart[d]);
            if (_firstTerm[d] >= 0) _firstTerm[d] = renumber[_firstTerm[d]];
        }
        _postings = new int[_terms.Length][];
        for (var t = 0; t < _terms.Length; t++) _postings[t] = new int[counts[t]];
        Array.Clear(counts);
        for (var d = 0; d < raw.Length; d++)
        {
            foreach (var t in raw[d]) _postings[t >> 1][counts[t >> 1]++] = d;
        }

        for (var i = 0; i < _terms.Length; i++)
        {
            var letter = _terms[i][0];
            _letterRanges[letter] = _letterRanges.TryGetValue(letter, out var range) ? (range.Start, i + 1) : (i, i + 1);
        }
        _byLetterAndLength = Enumerable.Range(0, _terms.Length)
            .GroupBy(i => (_terms[i][0], _terms[i].Length))
            .ToDictionary(g => g.Key, g => g.ToArray());
    }

    public int DocumentCount => _documentStart.Length - 1;

    public int TermCount => _terms.Length;

    /// <summary>
    /// The documents matching all required words of the query (none for a query without words), split
    /// into <paramref name="groups"/> by <paramref name="groupOf"/> (-1 leaves a document out): in each
    /// group, how many match without a typo and with one, and the first <paramref name="take"/> of each
    /// kind in <paramref name="order"/>. Nothing the size of the matches is allocated: a query matching half
    /// of France costs one pass over its documents.
    /// </summary>
    public MatchGroups Match(string query, int groups, Func<int, int> groupOf, int take, IComparer<TextMatch> order, Action<TextMatch>? visit = null)
    {
        var result = new MatchGroups(groups, take, order, visit);
        var sink = new GroupSink(groupOf, result);
        Visit(query, ref sink);
        return result;
    }

    /// <summary>The sink of <see cref="Match"/>: a group per document, the matches into <see cref="MatchGroups"/>.</summary>
    private readonly struct GroupSink(Func<int, int> groupOf, MatchGroups result) : IMatchSink
    {
        public int Group(int doc) => groupOf(doc);

        public void Add(int group, TextMatch match) => result.Add(group, match);
    }

    /// <summary>
    /// Gives <paramref name="sink"/> every document matching all required words of the query (none for a
    /// query without words), in no order: <see cref="IMatchSink.Group"/> first (a negative group leaves the
    /// document out, unscored), then <see cref="IMatchSink.Add"/> with its score. A struct sink is called
    /// directly (no delegate per document): a query matching tens of thousands of schools stays one tight pass.
    /// </summary>
    internal void Visit<TSink>(string query, ref TSink sink) where TSink : struct, IMatchSink
    {
        var words = SearchText.Words(query);
        if (words.Count == 0) return;
        var required = words.Where(w => !SearchText.IsOptional(w)).Distinct().Take(MaxRequiredWords).ToList();
        if (required.Count == 0) required = words.Distinct().Take(MaxRequiredWords).ToList();
        var optional = words.Where(w => !required.Contains(w)).Distinct().ToList();

        var marks = _marks is { } m && m.Length >= _terms.Length ? m : _marks = new int[_terms.Length];
        var seen = _seen is { } s && s.Length >= DocumentCount ? s : _seen = new bool[DocumentCount];
        var touched = new List<int>();
        var cheapestTerms = new List<int>();
        try
        {
            var cheapestCost = long.MaxValue;
            for (var i = 0; i < required.Count; i++)
            {
                var found = new List<int>();
                long cost = 0;
                var shift = 2 * i;
                void Mark(int term, int quality)
                {
                    var current = (marks[term] >> shift) & 3;
                    if (current >= quality) return;
                    if (marks[term] == 0) touched.Add(term);
                    if (current == 0)
                    {
                        found.Add(term);
                        cost += _postings[term].Length;
                    }
                    marks[term] = (marks[term] & ~(3 << shift)) | (quality << shift);
                }
                MarkTerms(required[i], i == required.Count - 1, Mark);
                if (found.Count == 0) return;
                if (cost < cheapestCost) (cheapestCost, cheapestTerms) = (cost, found);
            }
            foreach (var word in optional)
            {
                var id = Array.BinarySearch(_terms, word, StringComparer.Ordinal);
                if (id < 0) continue;
                if (marks[id] == 0) touched.Add(id);
                marks[id] |= OptionalBit;
            }

            Span<int> best = stackalloc int[required.Count];
            try
            {
                foreach (var term in cheapestTerms)
                {
                    foreach (var doc in _postings[term])
                    {
                        if (seen[doc]) continue;
                        seen[doc] = true;
                        var group = sink.Group(doc);
                        if (group >= 0 && Score(doc, best, marks, required.Count) is { } match) sink.Add(group, match);
                    }
                }
            }
            finally
            {
                foreach (var term in cheapestTerms)
                {
                    foreach (var doc in _postings[term]) seen[doc] = false;
                }
            }
        }
        finally
        {
            foreach (var term in touched) marks[term] = 0;
        }
    }

    private TextMatch? Score(int doc, Span<int> best, int[] marks, int required)
    {
        best.Clear();
        var optional = 0;
        foreach (var t in _documentTerms.AsSpan(_documentStart[doc], _documentStart[doc + 1] - _documentStart[doc]))
        {
            var packed = marks[t >> 1];
            if (packed == 0) continue;
            if ((packed & OptionalBit) != 0) optional++;
            for (var i = 0; i < required; i++)
            {
                var quality = (packed >> (2 * i)) & 3;
                if (quality > 0) best[i] = Math.Max(best[i], quality * 2 + (t & 1));
            }
        }
        var score = optional;
        var fuzzy = false;
        var exactNameWords = 0;
        for (var i = 0; i < required; i++)
        {
            if (best[i] == 0) return null;
            if (best[i] >> 1 == Typo) fuzzy = true;
            if (best[i] == Exact * 2 + 1) exactNameWords++;
            score += best[i];
        }
        // The name starts with the first word typed (prefix match of the name), or is exactly what was typed.
        if (_firstTerm[doc] >= 0 && (marks[_firstTerm[doc]] & 3) >= Prefix) score += 2;
        if (exactNameWords == required && _nameLength[doc] == required) score += 3;
        return new TextMatch(doc, score, fuzzy);
    }

    /// <summary>Calls <paramref name="mark"/> with every term the query word matches and the quality of the match.</summary>
    private void MarkTerms(string word, bool allowTypoPrefix, Action<int, int> mark)
    {
        var start = Array.BinarySearch(_terms, word, StringComparer.Ordinal);
        if (start < 0) start = ~start;
        long documents = 0;
        for (var i = start; i < _terms.Length && _terms[i].StartsWith(word, StringComparison.Ordinal); i++)
        {
            mark(i, _terms[i].Length == word.Length ? Exact : Prefix);
            documents += _postings[i].Length;
        }
        // What is typed already starts words of many documents: a word people write, not a typo (and the
        // scan for typos of « ecole » would cost more than the search).
        var typos = documents >= TypedWordDocuments ? 0 : SearchText.TyposAllowed(word);
        if (typos == 0) return;
        for (var length = word.Length - typos; length <= word.Length + typos; length++)
        {
            if (!_byLetterAndLength.TryGetValue((word[0], length), out var sameShape)) continue;
            foreach (var id in sameShape)
            {
                if (SearchText.Distance(word, _terms[id], typos) <= typos) mark(id, Typo);
            }
        }
        // While typing: the beginning of a longer word, with typos. Terms are sorted, so those sharing a
        // beginning of the word's length are one run: one distance per run.
        if (!allowTypoPrefix) return;
        if (!_letterRanges.TryGetValue(word[0], out var range)) return;
        for (var i = range.Start; i < range.End;)
        {
            var term = _terms[i];
            if (term.Length <= word.Length)
            {
                i++;
                continue;
            }
            var head = term.AsSpan(0, word.Length);
            var end = i + 1;
            while (end < range.End && _terms[end].Length > word.Length && _terms[end].AsSpan(0, word.Length).SequenceEqual(head)) end++;
            if (SearchText.Distance(word, head, typos) <= typos)
            {
                for (var j = i; j < end; j++) mark(j, Typo);
            }
            i = end;
        }
    }
}
