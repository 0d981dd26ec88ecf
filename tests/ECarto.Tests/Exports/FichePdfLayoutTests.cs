using ECarto.Exports.Pdf;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace ECarto.Tests.Exports;

/// <summary>
/// The PDF fiche's layout as a reader sees it, read back with PdfPig: text within the margins and never on
/// other text, figures beside their labels, bars as long as their values, headings in order and never
/// alone at the foot of a page. On the real fiches of the published sample (<see cref="PublishedAnswers"/>)
/// and on a crafted chart whose proportions are known.
/// </summary>
public class FichePdfLayoutTests
{
    private const double Margin = 48, PageWidth = 595.28, PageHeight = 841.89;
    private static readonly DateTimeOffset Generated = new(2026, 11, 30, 21, 0, 0, TimeSpan.Zero);

    private static byte[] TerritoryPdf() => FichePdfRenderer.Render(FicheFromApi.Territory(PublishedAnswers.Json("territoire-departement-31"), PublishedAnswers.Catalogue, Generated));

    private static byte[] SchoolPdf() => FichePdfRenderer.Render(FicheFromApi.School(PublishedAnswers.Json("etablissement-0310036W"), Generated));

    /// <summary>Words overlap when their boxes share more than a sliver (0.5 pt) both ways.</summary>
    private static bool Overlap(PdfRectangle a, PdfRectangle b) =>
        Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left) > 0.5 && Math.Min(a.Top, b.Top) - Math.Max(a.Bottom, b.Bottom) > 0.5;

    private static (double R, double G, double B) Rgb(UglyToad.PdfPig.Graphics.PdfPath path)
    {
        var (r, g, b) = path.FillColor!.ToRGBValues();
        return (Math.Round(r * 255), Math.Round(g * 255), Math.Round(b * 255));
    }

    private static List<PdfRectangle> Filled(Page page, (double, double, double) color) =>
        page.Paths.Where(p => p.IsFilled && p.FillColor is not null && Rgb(p) == color).Select(p => p.GetBoundingRectangle()!.Value).ToList();

    [Theory]
    [InlineData("territoire")]
    [InlineData("etablissement")]
    public void Every_word_stays_within_the_margins_and_no_word_is_drawn_on_another(string kind)
    {
        using var pdf = PdfDocument.Open(kind == "territoire" ? TerritoryPdf() : SchoolPdf());
        Assert.True(pdf.NumberOfPages >= (kind == "territoire" ? 3 : 2));
        foreach (var page in pdf.GetPages())
        {
            var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
            Assert.NotEmpty(words);
            foreach (var word in words)
            {
                var box = word.BoundingBox;
                Assert.True(box.Left >= Margin - 0.5 && box.Right <= PageWidth - Margin + 0.5, $"« {word.Text} » page {page.Number} at x {box.Left:0.0}–{box.Right:0.0}");
                Assert.True(box.Bottom >= 30 && box.Top <= PageHeight - Margin + 1, $"« {word.Text} » page {page.Number} at y {box.Bottom:0.0}–{box.Top:0.0}");
            }
            for (var i = 0; i < words.Count; i++)
            {
                for (var j = i + 1; j < words.Count; j++)
                {
                    Assert.False(Overlap(words[i].BoundingBox, words[j].BoundingBox), $"« {words[i].Text} » and « {words[j].Text} » overlap on page {page.Number}");
                }
            }
            // The body ends above the footer: only the footer's line is below 60 pt.
            Assert.All(words.Where(w => w.BoundingBox.Bottom < 60), w => Assert.True(w.BoundingBox.Top < 50, $"« {w.Text} » runs into the footer"));
            Assert.Contains($"Page {page.Number} sur {pdf.NumberOfPages}", page.Text);
        }
    }

    [Fact]
    public void Headings_come_in_the_fiches_order_each_with_content_below_it_on_its_page()
    {
        var fiche = FicheFromApi.Territory(PublishedAnswers.Json("territoire-departement-31"), PublishedAnswers.Catalogue, Generated);
        using var pdf = PdfDocument.Open(FichePdfRenderer.Render(fiche));
        var titles = fiche.Sections.Select(s => s.Title).Append("Sources").ToList();
        var found = new List<(int Page, double Y)>();
        foreach (var title in titles)
        {
            // A heading is a line of its own, in the heading's size.
            var hit = pdf.GetPages().SelectMany(p => Lines(p).Where(l => l.Text == title && l.Size > 12).Select(l => (p.Number, l.Y))).First();
            found.Add(hit);
            var page = pdf.GetPage(hit.Number);
            // Something is drawn below it on its page, above the footer.
            Assert.Contains(page.Letters, l => l.BoundingBox.Top < hit.Y - 20 && l.BoundingBox.Bottom > 60);
        }
        // Top to bottom, page after page.
        Assert.Equal(found.OrderBy(f => f.Page).ThenByDescending(f => f.Y), found);
        // The title first, bigger, then the subtitle below it.
        var first = Lines(pdf.GetPage(1));
        Assert.Equal("Haute-Garonne", first[0].Text);
        Assert.True(first[0].Size > 16);
        Assert.Equal(fiche.Subtitle, first[1].Text);
        Assert.True(first[1].Y < first[0].Y);
        // Title and headings in the bold face, the subtitle in the regular one.
        var page1 = pdf.GetPage(1);
        Assert.All(page1.Letters.Where(l => l.PointSize > 12 && !string.IsNullOrWhiteSpace(l.Value)), l => Assert.Contains("Bold", l.FontName));
        Assert.All(page1.Letters.Where(l => Math.Abs(l.StartBaseLine.Y - first[1].Y) < 0.1 && !string.IsNullOrWhiteSpace(l.Value)), l => Assert.DoesNotContain("Bold", l.FontName));
    }

    /// <summary>The page's lines: letters grouped by baseline, top to bottom, with their font size.</summary>
    private static List<(string Text, double Y, double Size)> Lines(Page page) =>
        page.Letters.GroupBy(l => Math.Round(l.StartBaseLine.Y, 1))
            .OrderByDescending(g => g.Key)
            .Select(g => (string.Concat(g.OrderBy(l => l.StartBaseLine.X).Select(l => l.Value)).Trim(), g.Key, g.Max(l => l.PointSize)))
            .ToList();

    private static FicheDocument ChartFiche(params FicheChartGroup[] groups) => new("Essai", "Sous-titre", null,
        [new FicheSection("Comparaison", [new FicheChart("Légende du graphique", groups)])], ["Source : essai"], "v1", Generated);

    [Fact]
    public void Each_bar_is_as_long_as_its_value_on_its_groups_scale_beside_its_name_and_figure()
    {
        var bars = new FicheChartBar[]
        {
            new("Haute-Garonne", 80, "80 %", true), new("Académie de Toulouse", 50, "50 %", false),
            new("Occitanie", 25, "25 %", false), new("France", null, "N.C.", false),
        };
        var ratio = new FicheChartBar[] { new("Haute-Garonne", 3, "3", true), new("France", 12, "12", false) };
        using var pdf = PdfDocument.Open(FichePdfRenderer.Render(ChartFiche(new FicheChartGroup("Part", 100, bars), new FicheChartGroup("Ratio", 12, ratio))));
        var page = pdf.GetPage(1);

        var tracks = Filled(page, (236, 236, 236)).OrderByDescending(r => r.Top).ToList();
        Assert.Equal(6, tracks.Count);
        var full = tracks[0].Width;
        Assert.All(tracks, t => Assert.Equal(full, t.Width, 2));
        // The current territory in the accent, the others lighter; a bar starts where its track starts.
        var current = Filled(page, (0, 0, 145)).OrderByDescending(r => r.Top).ToList();
        var others = Filled(page, (133, 133, 246)).OrderByDescending(r => r.Top).ToList();
        Assert.Equal(2, current.Count);
        Assert.Equal(3, others.Count);
        Assert.Equal(0.80, current[0].Width / full, 3);
        Assert.Equal(0.50, others[0].Width / full, 3);
        Assert.Equal(0.25, others[1].Width / full, 3);
        Assert.Equal(3.0 / 12, current[1].Width / full, 3);
        Assert.Equal(1.0, others[2].Width / full, 3);
        foreach (var bar in current.Concat(others))
        {
            var track = tracks.Single(t => Math.Abs(t.Bottom - bar.Bottom) < 0.1);
            Assert.Equal(track.Left, bar.Left, 2);
            Assert.Equal(track.Height, bar.Height, 2);
        }
        // N.C.: a track without a bar.
        Assert.DoesNotContain(current.Concat(others), b => Math.Abs(b.Bottom - tracks[3].Bottom) < 0.1);
        // The bars go down in the group's order; each name is left of its track, each figure right of it, on its height.
        var lines = Lines(page);
        string[] names = ["Haute-Garonne", "Académie de Toulouse", "Occitanie", "France"];
        for (var i = 0; i < names.Length; i++)
        {
            var words = page.GetWords().Where(w => names[i].Split(' ').Contains(w.Text)).ToList();
            var label = words.First(w => w.BoundingBox.Bottom < tracks[i].Top && w.BoundingBox.Top > tracks[i].Bottom);
            Assert.True(label.BoundingBox.Right < tracks[i].Left);
            Assert.True(label.BoundingBox.Left >= Margin - 0.5);
            var figure = page.GetWords().First(w => w.Text == bars[i].Text.Split(' ')[0] && w.BoundingBox.Left > tracks[i].Right);
            Assert.True(figure.BoundingBox.Bottom < tracks[i].Top && figure.BoundingBox.Top > tracks[i].Bottom);
        }
        Assert.True(tracks.Zip(tracks.Skip(1)).All(p => p.First.Bottom > p.Second.Top), "bars stacked without overlap");
        // The caption comes after the bars.
        Assert.True(lines.Single(l => l.Text == "Légende du graphique").Y < tracks[^1].Bottom);
        Assert.Contains(lines, l => l.Text == "Part");
    }

    [Fact]
    public void A_value_over_the_scale_fills_its_track_and_a_zero_still_shows_a_sliver()
    {
        var bars = new FicheChartBar[] { new("Grand", 150, "150", true), new("Nul", 0, "0", false) };
        using var pdf = PdfDocument.Open(FichePdfRenderer.Render(ChartFiche(new FicheChartGroup("Échelle", 100, bars))));
        var page = pdf.GetPage(1);
        var track = Filled(page, (236, 236, 236))[0];
        Assert.Equal(track.Width, Filled(page, (0, 0, 145)).Single().Width, 2);
        Assert.Equal(0.8, Filled(page, (133, 133, 246)).Single().Width, 2);
    }

    [Fact]
    public void A_figure_has_its_label_on_the_left_its_value_and_source_in_the_right_column_and_long_text_wraps()
    {
        var longLabel = string.Join(" ", Enumerable.Repeat("libellé", 20));
        var longValue = string.Join(" ", Enumerable.Repeat("valeur", 40));
        var fiche = new FicheDocument("Essai", "Sous-titre", "Bandeau de démonstration", [new FicheSection("Chiffres",
        [
            new FicheFigures([new FicheFigure(longLabel, longValue, "Source longue du chiffre", IsDemonstration: true), new FicheFigure("Suivant", "N.C.", IsNotCommunicated: true)]),
        ])], [], "v1", Generated);
        using var pdf = PdfDocument.Open(FichePdfRenderer.Render(fiche));
        var page = pdf.GetPage(1);
        var words = page.GetWords().ToList();

        var labels = words.Where(w => w.Text == "libellé").ToList();
        var values = words.Where(w => w.Text == "valeur").ToList();
        Assert.Equal(20, labels.Count);
        Assert.Equal(40, values.Count);
        // The label column is the left 42 %, the value column starts after it.
        var valueColumn = Margin + (PageWidth - 2 * Margin) * 0.42 + 8;
        Assert.All(labels, w => Assert.True(w.BoundingBox.Right <= valueColumn - 7, $"label at {w.BoundingBox.Right}"));
        Assert.All(values, w => Assert.True(w.BoundingBox.Left >= valueColumn - 0.5, $"value at {w.BoundingBox.Left}"));
        Assert.True(labels.Select(w => Math.Round(w.BoundingBox.Bottom)).Distinct().Count() >= 2, "the long label wraps");
        Assert.True(values.Select(w => Math.Round(w.BoundingBox.Bottom)).Distinct().Count() >= 3, "the long value wraps");
        // Label and value start on the same line; the demonstration mark and the source follow the value.
        Assert.Equal(labels.Max(w => w.BoundingBox.Top), values.Max(w => w.BoundingBox.Top), 0);
        var mark = words.Single(w => w.Text == "[démo]");
        var source = words.Single(w => w.Text == "Source");
        Assert.True(source.BoundingBox.Top <= values.Min(w => w.BoundingBox.Bottom) + 0.5);
        Assert.True(source.BoundingBox.Left >= valueColumn - 0.5);
        Assert.True(mark.BoundingBox.Bottom >= source.BoundingBox.Top - 0.5);
        // The next figure starts below both columns of the first.
        var next = words.Single(w => w.Text == "Suivant");
        Assert.True(next.BoundingBox.Top < Math.Min(labels.Min(w => w.BoundingBox.Bottom), source.BoundingBox.Bottom));
        Assert.Equal(Margin, next.BoundingBox.Left, 0);
        // The banner's background holds its text.
        var banner = Filled(page, (255, 244, 229)).Single();
        var bannerWord = words.Single(w => w.Text == "Bandeau");
        Assert.True(bannerWord.BoundingBox.Bottom > banner.Bottom && bannerWord.BoundingBox.Top < banner.Top && bannerWord.BoundingBox.Left > banner.Left);
        Assert.Equal(PageWidth - 2 * Margin, banner.Width, 1);
        Assert.True(banner.Top < words.Single(w => w.Text == "Sous-titre").BoundingBox.Bottom);
        Assert.True(banner.Bottom > words.Single(w => w.Text == "Chiffres").BoundingBox.Top);
    }

    [Fact]
    public void A_tables_columns_sit_side_by_side_and_a_long_cell_wraps_within_its_column()
    {
        var longCell = string.Join(" ", Enumerable.Repeat("mot", 30));
        var table = new FicheTable(["Indicateur", "Ensemble", "Public", "Privé"],
            [["Premier", longCell, "12", "N.C."], ["Second", "7", "8", "9"]], "Source : tableau");
        var fiche = new FicheDocument("Essai", "Sous-titre", null, [new FicheSection("Tableau", [table])], [], "v1", Generated);
        using var pdf = PdfDocument.Open(FichePdfRenderer.Render(fiche));
        var words = pdf.GetPage(1).GetWords().ToList();
        PdfRectangle Box(string text) => words.Single(w => w.Text == text).BoundingBox;

        var headers = new[] { "Indicateur", "Ensemble", "Public", "Privé" }.Select(Box).ToList();
        Assert.True(headers.Zip(headers.Skip(1)).All(p => p.First.Right < p.Second.Left), "header cells left to right");
        Assert.All(headers, h => Assert.Equal(headers[0].Bottom, h.Bottom, 1));
        // The first column is 30 % of the width, the others share the rest.
        var first = Math.Min(150, (PageWidth - 2 * Margin) * 0.3);
        var other = (PageWidth - 2 * Margin - first) / 3;
        Assert.Equal(Margin + 3, headers[0].Left, 0);
        Assert.Equal(Margin + first + 3, headers[1].Left, 0);
        Assert.Equal(Margin + first + other + 3, headers[2].Left, 0);
        Assert.Equal(Margin + first + 2 * other + 3, headers[3].Left, 0);
        var cell = words.Where(w => w.Text == "mot").ToList();
        Assert.Equal(30, cell.Count);
        Assert.All(cell, w => Assert.True(w.BoundingBox.Left >= headers[1].Left - 0.5 && w.BoundingBox.Right <= headers[2].Left - 3, $"« mot » at {w.BoundingBox.Left}–{w.BoundingBox.Right}"));
        Assert.True(cell.Select(w => Math.Round(w.BoundingBox.Bottom)).Distinct().Count() >= 3, "the long cell wraps");
        // Rows below the header, one under the other; the second row below the whole first one.
        Assert.True(Box("Premier").Top < headers[0].Bottom);
        Assert.Equal(Box("Premier").Bottom, Box("12").Bottom, 1);
        Assert.True(Box("Second").Top < cell.Min(w => w.BoundingBox.Bottom));
        Assert.True(Box("tableau").Top < Box("Second").Bottom);
    }

    [Fact]
    public void The_document_says_its_subject_creator_and_creation_date()
    {
        using var pdf = PdfDocument.Open(SchoolPdf());
        Assert.Equal("Lycée — secteur public", pdf.Information.Subject);
        Assert.Equal("eCarto — observatoire du numérique éducatif", pdf.Information.Creator);
        Assert.Equal(Generated, pdf.Information.GetCreatedDateTimeOffset()!.Value.ToUniversalTime());
    }

    [Fact]
    public void Labels_headers_and_the_current_territory_are_bold_values_and_other_cells_regular()
    {
        var fiche = new FicheDocument("Titre", "Sous-titre", null,
        [
            new FicheSection("Section",
            [
                new FicheSubheading("Intertitre"),
                new FicheFigures([new FicheFigure("Libellé", "Valeur")]),
                new FicheTable(["Entête", "Colonne"], [["Ligne", "Cellule"]]),
                new FicheChart("Légende", [new FicheChartGroup("Groupe", 10, [new FicheChartBar("Courant", 5, "Cinq", true), new FicheChartBar("Parent", 6, "Six", false)])]),
            ]),
        ], [], "v1", Generated);
        using var pdf = PdfDocument.Open(FichePdfRenderer.Render(fiche));
        var words = pdf.GetPage(1).GetWords().ToList();
        bool Bold(string text) => words.Single(w => w.Text == text).Letters.All(l => (l.FontName ?? "").Contains("Bold", StringComparison.Ordinal));
        bool Regular(string text) => words.Single(w => w.Text == text).Letters.All(l => !(l.FontName ?? "").Contains("Bold", StringComparison.Ordinal));

        Assert.All(new[] { "Titre", "Section", "Intertitre", "Libellé", "Entête", "Colonne", "Ligne", "Groupe", "Courant" }, w => Assert.True(Bold(w), w));
        Assert.All(new[] { "Sous-titre", "Valeur", "Cellule", "Parent", "Cinq", "Six", "Légende" }, w => Assert.True(Regular(w), w));
        // Real faces, never a regular face thickened by stroking its outline.
        Assert.All(words.SelectMany(w => w.Letters), l => Assert.Equal(UglyToad.PdfPig.Core.TextRenderingMode.Fill, l.RenderingMode));
        // Sizes: the title biggest, then headings, sub-headings, body, then notes and tables.
        double Size(string text) => words.Single(w => w.Text == text).Letters[0].PointSize;
        Assert.Equal(17, Size("Titre"), 1);
        Assert.Equal(12.5, Size("Section"), 1);
        Assert.Equal(10, Size("Intertitre"), 1);
        Assert.Equal(9.5, Size("Libellé"), 1);
        Assert.Equal(9.5, Size("Valeur"), 1);
        Assert.Equal(8, Size("Cellule"), 1);
        Assert.Equal(8, Size("Légende"), 1);
    }

    [Fact]
    public void Rules_run_the_text_width_under_each_heading_and_table_row_and_above_the_footer_and_the_header_row_is_shaded()
    {
        var table = new FicheTable(["Indicateur", "Ensemble"], [["Premier", "1"], ["Second", "2"]]);
        var fiche = new FicheDocument("Essai", "Sous-titre", "Bandeau", [new FicheSection("Tableau", [table])], ["Source : essai"], "v1", Generated);
        using var pdf = PdfDocument.Open(FichePdfRenderer.Render(fiche));
        var page = pdf.GetPage(1);
        var words = page.GetWords().ToList();
        PdfRectangle Box(string text) => words.First(w => w.Text == text).BoundingBox;

        var rules = page.Paths.Where(p => p.IsStroked).Select(p => p.GetBoundingRectangle()!.Value).OrderByDescending(r => r.Bottom).ToList();
        // Under « Tableau », under the header row and each row, under « Sources », above the footer.
        Assert.Equal(6, rules.Count);
        Assert.All(rules, r =>
        {
            Assert.Equal(Margin, r.Left, 1);
            Assert.Equal(PageWidth - Margin, r.Right, 1);
            Assert.True(r.Height < 1);
        });
        Assert.True(Box("Tableau").Bottom > rules[0].Top && rules[0].Bottom > Box("Indicateur").Top);
        Assert.True(Box("Indicateur").Bottom > rules[1].Top && rules[1].Bottom > Box("Premier").Top);
        Assert.True(Box("Premier").Bottom > rules[2].Top && rules[2].Bottom > Box("Second").Top);
        Assert.True(Box("Second").Bottom > rules[3].Top && rules[3].Bottom > Box("Sources").Top);
        Assert.True(Box("Sources").Bottom > rules[4].Top && rules[4].Bottom > Box("essai").Top);
        var footer = Box("eCarto");
        Assert.True(rules[5].Bottom > footer.Top && rules[5].Bottom - footer.Top < 10, $"rule at {rules[5].Bottom}, footer top at {footer.Top}");
        Assert.True(Box("essai").Bottom > rules[5].Top);
        // The header row on a grey band, the rows without.
        var band = Filled(page, (236, 236, 236)).Single();
        Assert.True(band.Bottom < Box("Indicateur").Bottom && band.Top > Box("Indicateur").Top && band.Bottom > Box("Premier").Top);
        Assert.Equal(PageWidth - 2 * Margin, band.Width, 1);
        Assert.Equal(rules[1].Bottom, band.Bottom, 1);
        // The banner: a coloured stripe down its left side, as high as its background.
        var background = Filled(page, (255, 244, 229)).Single();
        var stripe = Filled(page, (179, 64, 0)).Single();
        Assert.Equal(background.Left, stripe.Left, 1);
        Assert.Equal(3, stripe.Width, 1);
        Assert.Equal(background.Height, stripe.Height, 1);
        Assert.Equal(background.Top, stripe.Top, 1);
        Assert.True(Box("Bandeau").Left > stripe.Right + 5);
    }

    [Fact]
    public void A_table_going_on_over_a_page_repeats_its_header_row_bold_on_its_band_at_the_top()
    {
        var rows = Enumerable.Range(1, 90).Select(i => (IReadOnlyList<string>)[$"Ligne{i}", $"{i}"]).ToList();
        var fiche = new FicheDocument("Essai", "Sous-titre", null, [new FicheSection("Tableau", [new FicheTable(["Indicateur", "Ensemble"], rows)])], [], "v1", Generated);
        using var pdf = PdfDocument.Open(FichePdfRenderer.Render(fiche));
        Assert.True(pdf.NumberOfPages >= 2);

        var page = pdf.GetPage(2);
        var words = page.GetWords().ToList();
        var header = words.Single(w => w.Text == "Indicateur");
        // The first thing on the page, in bold, on the grey band; the rows below it go on where page 1 stopped.
        Assert.Equal(words.Where(w => w.BoundingBox.Bottom > 60).Max(w => w.BoundingBox.Top), header.BoundingBox.Top, 1);
        Assert.All(header.Letters, l => Assert.Contains("Bold", l.FontName ?? ""));
        var band = Filled(page, (236, 236, 236)).Single();
        Assert.True(band.Bottom < header.BoundingBox.Bottom && band.Top > header.BoundingBox.Top);
        var lastOnFirst = pdf.GetPage(1).GetWords().Where(w => w.Text.StartsWith("Ligne", StringComparison.Ordinal)).Select(w => int.Parse(w.Text[5..])).Max();
        var firstOnSecond = words.Where(w => w.Text.StartsWith("Ligne", StringComparison.Ordinal)).Select(w => int.Parse(w.Text[5..])).Min();
        Assert.Equal(lastOnFirst + 1, firstOnSecond);
        // The page is filled: its last row ends near the bottom margin, above the footer.
        var lowest = pdf.GetPage(1).GetWords().Where(w => w.Text.StartsWith("Ligne", StringComparison.Ordinal)).Min(w => w.BoundingBox.Bottom);
        Assert.InRange(lowest, 60, 100);
    }
}
