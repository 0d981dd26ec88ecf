using ECarto.Establishments;
using ECarto.Search;
using ECarto.Territories;
using ECarto.Text;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace ECarto.Benchmarks;

/// <summary>
/// The same search done with Lucene.Net 4.8.0-beta00017 (<c>-- --search-lucene</c>), for the comparison of
/// issue 10 only: never used by the product. To compare the engines and not the normalisation, Lucene
/// indexes and searches the words <see cref="SearchText.Words"/> gives (folding, abbreviations), split on
/// spaces. Each required word of a query must match a name or another word (UAI, codes, commune) exactly
/// (boost 3), as a prefix for the last one (boost 2), or with <see cref="SearchText.TyposAllowed"/> edits and
/// the first letter right (<see cref="FuzzyQuery"/>, prefix length 1); an exact code adds a large boost.
/// Territories rank by score, then population; schools by score then name (index order).
/// </summary>
public sealed class SearchLucene : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

#pragma warning disable CS0618 // RAMDirectory: in memory, as the hand-made index (its memory is the comparison).
    private readonly RAMDirectory _directory = new();
#pragma warning restore CS0618
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly NumericDocValues _positions;
    private readonly Dictionary<string, Filter> _filters = new(StringComparer.Ordinal);
    private readonly List<Territory> _territories;
    private readonly Sort _byScoreThenPopulation = new(SortField.FIELD_SCORE, new SortField("pop", SortFieldType.INT64, true));

    public SearchLucene(IReadOnlyList<School> schools, IEnumerable<Territory> territories)
    {
        _territories = territories
            .Where(t => t.Level is TerritoryLevel.Commune or TerritoryLevel.Departement or TerritoryLevel.Academie or TerritoryLevel.Region)
            .ToList();
        var config = new IndexWriterConfig(Version, new WhitespaceAnalyzer(Version))
        {
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = 256,
            MergePolicy = new LogByteSizeMergePolicy(), // keeps the order of addition: doc ids follow names
        };
        using (var writer = new IndexWriter(_directory, config))
        {
            // Schools in the hand-made index's order (folded name, then UAI), so that ties rank alike.
            var ordered = schools.Select((s, i) => (School: s, Position: i))
                .OrderBy(p => FrenchText.Fold(p.School.Name), StringComparer.Ordinal).ThenBy(p => p.School.Uai, StringComparer.Ordinal);
            foreach (var (s, position) in ordered)
            {
                var doc = Document(
                    s.Sites.Select(site => site.Name).Prepend(s.Name),
                    new[] { s.CommuneName, s.CommuneDelegueeName, s.CommuneCode, s.PostalCode, s.Uai }.Concat(s.Sites.Select(site => site.PostalCode)),
                    SuggestionIndex.Etablissement, s.Uai, position, 0);
                var listed = s.Types.Any(SchoolScope.IsObservatoryType) && SchoolState.IsOpen(SchoolState.Slug(s.State));
                doc.Add(new StringField("listed", listed ? "1" : "0", Field.Store.NO));
                foreach (var type in s.Types.Select(FrenchText.Slug).Distinct()) doc.Add(new StringField("type", type, Field.Store.NO));
                if (SchoolState.IsOpen(SchoolState.Slug(s.State))) doc.Add(new StringField("open", "1", Field.Store.NO));
                writer.AddDocument(doc);
            }
            for (var i = 0; i < _territories.Count; i++)
            {
                var t = _territories[i];
                writer.AddDocument(Document([t.Name], [t.Code, t.Level switch
                {
                    TerritoryLevel.Departement => "departement",
                    TerritoryLevel.Academie => "academie",
                    TerritoryLevel.Region => "region",
                    _ => t.Parents.FirstOrDefault(p => p.Level == TerritoryLevel.Departement)?.Code,
                }], t.Level, t.Code, i, t.Population ?? 0));
            }
            writer.ForceMerge(1);
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader);
        _positions = MultiDocValues.GetNumericValues(_reader, "pos");
    }

    private static Document Document(IEnumerable<string?> names, IEnumerable<string?> others, string kind, string code, int position, long population)
    {
        var doc = new Document();
        doc.Add(new TextField("name", string.Join(' ', names.OfType<string>().SelectMany(Words)), Field.Store.NO));
        doc.Add(new TextField("other", string.Join(' ', others.OfType<string>().SelectMany(Words)), Field.Store.NO));
        doc.Add(new StringField("kind", kind, Field.Store.NO));
        doc.Add(new StringField("code", code.ToLowerInvariant(), Field.Store.NO));
        doc.Add(new NumericDocValuesField("pos", position));
        doc.Add(new NumericDocValuesField("pop", population));
        return doc;
    }

    private static IEnumerable<string> Words(string text)
    {
        var words = SearchText.Words(text);
        return words.Concat(SearchText.Joined(words));
    }

    /// <summary>A cached filter keeping the documents holding every one of these field:value terms.</summary>
    private Filter FilterOf(params (string Field, string Value)[] terms)
    {
        var key = string.Join('|', terms.Select(t => t.Field + ":" + t.Value));
        lock (_filters)
        {
            if (!_filters.TryGetValue(key, out var filter))
            {
                var all = new BooleanQuery();
                foreach (var (field, value) in terms) all.Add(new TermQuery(new Term(field, value)), Occur.MUST);
                _filters[key] = filter = new CachingWrapperFilter(new QueryWrapperFilter(all));
            }
            return filter;
        }
    }

    private static Query? Build(string text)
    {
        var words = SearchText.Words(text);
        if (words.Count == 0) return null;
        var required = words.Where(w => !SearchText.IsOptional(w)).Distinct().Take(TextIndex.MaxRequiredWords).ToList();
        if (required.Count == 0) required = words.Distinct().Take(TextIndex.MaxRequiredWords).ToList();
        var query = new BooleanQuery();
        for (var i = 0; i < required.Count; i++)
        {
            var word = required[i];
            var either = new BooleanQuery();
            foreach (var (field, weight) in new[] { ("name", 1f), ("other", 0.8f) })
            {
                either.Add(new TermQuery(new Term(field, word)) { Boost = 3 * weight }, Occur.SHOULD);
                if (i == required.Count - 1) either.Add(new PrefixQuery(new Term(field, word)) { Boost = 2 * weight }, Occur.SHOULD);
                if (SearchText.TyposAllowed(word) is var typos and > 0) either.Add(new FuzzyQuery(new Term(field, word), typos, 1) { Boost = weight }, Occur.SHOULD);
            }
            query.Add(either, Occur.MUST);
        }
        foreach (var word in words.Where(w => !required.Contains(w)).Distinct()) query.Add(new TermQuery(new Term("name", word)), Occur.SHOULD);
        query.Add(new TermQuery(new Term("code", text.Trim().ToLowerInvariant())) { Boost = 100 }, Occur.SHOULD);
        return query;
    }

    /// <summary>As <see cref="SuggestionIndex.Suggest"/>: the codes of the first <paramref name="limit"/> of each group, and each group's total.</summary>
    public List<(string Niveau, int Total, List<string> Codes)> Suggest(string text, int limit, IReadOnlyList<School> schools)
    {
        var groups = new List<(string, int, List<string>)>(SuggestionIndex.Groups.Count);
        var query = Build(text);
        foreach (var (niveau, _) in SuggestionIndex.Groups)
        {
            if (query is null)
            {
                groups.Add((niveau, 0, []));
                continue;
            }
            var school = niveau == SuggestionIndex.Etablissement;
            var top = school
                ? _searcher.Search(query, FilterOf(("listed", "1")), limit)
                : _searcher.Search(query, FilterOf(("kind", niveau)), limit, _byScoreThenPopulation, true, false);
            var codes = top.ScoreDocs.Select(d => (int)_positions.Get(d.Doc)).Select(p => school ? schools[p].Uai : _territories[p].Code).ToList();
            groups.Add((niveau, top.TotalHits, codes));
        }
        return groups;
    }

    /// <summary>As <see cref="SchoolIndex.Search"/> with a type (or the default scope): the total and the first page's positions.</summary>
    public (int Total, List<int> Page) Search(string text, string? type, int pageSize)
    {
        if (Build(text) is not { } query) return (0, []);
        var scope = type is null ? FilterOf(("listed", "1")) : FilterOf(("type", type), ("open", "1"));
        var top = _searcher.Search(query, scope, pageSize);
        return (top.TotalHits, top.ScoreDocs.Select(d => (int)_positions.Get(d.Doc)).ToList());
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}
