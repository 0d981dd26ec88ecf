using ECarto.Exports;
using ECarto.Exports.Pdf;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace ECarto.Tests.Exports;

/// <summary>The PDF layout, read back with PdfPig: French text, metadata, page numbers, tables over pages.</summary>
public class FichePdfRendererTests
{
    private static readonly DateTimeOffset Generated = new(2026, 11, 30, 10, 15, 0, TimeSpan.Zero);

    private static FicheDocument Fiche(int tableRows = 3) => new(
        "Lycée Émile Zola — cœur de l'Œuvre",
        "Lycée — secteur public",
        FicheFromApi.DemonstrationText,
        [
            new FicheSection("Connectivité",
            [
                new FicheFigures([new FicheFigure("Locaux éligibles à 30 Mbit/s", FrenchFormat.Percent(99.5), "Arcep, Ma connexion internet, 2022T4"),
                    new FicheFigure("Débit mesuré", "N.C.", IsNotCommunicated: true)]),
                new FicheChart("Comparaison", [new FicheChartGroup("Part 4G", 100, [new FicheChartBar("Haute-Garonne", 83.4, "83,4 %", true), new FicheChartBar("France", null, "N.C.", false)])]),
            ]),
            new FicheSection("Équipement",
            [
                new FicheTable(["Indicateur", "Ensemble", "Écoles"],
                    Enumerable.Range(1, tableRows).Select(i => (IReadOnlyList<string>)[$"Indicateur {i}", FrenchFormat.Number(1000 + i), "N.C."]).ToList(),
                    "Source : Inventaire numérique"),
            ]),
        ],
        ["Source : Arcep, Ma connexion internet, 2022T4 (Licence Ouverte / Etalab 2.0)"],
        "v20261130101500000",
        Generated);

    [Fact]
    public void French_text_is_embedded_with_its_own_font_and_reads_back_unchanged()
    {
        using var pdf = PdfDocument.Open(FichePdfRenderer.Render(Fiche()));
        var text = string.Concat(pdf.GetPages().Select(p => p.Text));
        Assert.Contains("Lycée Émile Zola — cœur de l'Œuvre", text);
        Assert.Contains("99,5\u202F%", text); // the narrow no-break space before « % »
        Assert.Contains("1\u202F001", text);
        Assert.Contains("N.C.", text);
        Assert.Contains("Données de démonstration", text);
        Assert.All(pdf.GetPage(1).Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)), l => Assert.Contains("Noto Sans", l.FontName));
    }

    [Fact]
    public void The_document_says_its_title_author_and_language()
    {
        using var pdf = PdfDocument.Open(FichePdfRenderer.Render(Fiche()));
        Assert.Equal("Lycée Émile Zola — cœur de l'Œuvre", pdf.Information.Title);
        Assert.Equal("eCarto", pdf.Information.Author);
        Assert.True(pdf.Structure.Catalog.CatalogDictionary.TryGet(NameToken.Lang, out var lang));
        Assert.Equal("fr-FR", ((StringToken)lang).Data);
        var size = pdf.GetPage(1);
        Assert.Equal(595, Math.Round(size.Width));
        Assert.Equal(842, Math.Round(size.Height));
    }

    [Fact]
    public void A_long_table_goes_on_over_pages_with_its_header_and_every_page_is_numbered_and_dated()
    {
        using var pdf = PdfDocument.Open(FichePdfRenderer.Render(Fiche(tableRows: 120)));
        Assert.True(pdf.NumberOfPages >= 3);
        foreach (var page in pdf.GetPages())
        {
            Assert.Contains($"Page {page.Number} sur {pdf.NumberOfPages}", page.Text);
            Assert.Contains("données v20261130101500000", page.Text);
            Assert.Contains("30 novembre 2026 à 10:15 UTC", page.Text);
        }
        // Every row is there once, and the header is repeated on the pages the table continues on.
        var text = string.Concat(pdf.GetPages().Select(p => p.Text));
        Assert.All(Enumerable.Range(1, 120), i => Assert.Contains($"Indicateur {i}1\u202F{i:000}", text));
        Assert.Contains("IndicateurEnsembleÉcolesIndicateur", pdf.GetPage(2).Text);
    }
}
