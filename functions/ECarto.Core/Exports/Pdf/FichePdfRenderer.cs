using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ECarto.Exports.Pdf;

/// <summary>
/// Draws a <see cref="FicheDocument"/> on A4 pages with PDFsharp: title, demonstration banner, sections,
/// figures, tables, bar charts, sources, and on every page the data version, the generation date and
/// « page n sur N ». Text wraps by measuring words; a block that does not fit goes to the next page.
/// </summary>
public static class FichePdfRenderer
{
    private const double Margin = 48;
    private static readonly XColor Ink = XColor.FromArgb(22, 22, 22);
    private static readonly XColor Muted = XColor.FromArgb(85, 85, 85);
    private static readonly XColor Accent = XColor.FromArgb(0, 0, 145);
    private static readonly XColor AccentSoft = XColor.FromArgb(133, 133, 246);
    private static readonly XColor Line = XColor.FromArgb(210, 210, 210);
    private static readonly XColor Track = XColor.FromArgb(236, 236, 236);
    private static readonly XColor DemoInk = XColor.FromArgb(179, 64, 0);
    private static readonly XColor DemoBackground = XColor.FromArgb(255, 244, 229);
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static byte[] Render(FicheDocument fiche)
    {
        EmbeddedFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = fiche.Title;
        document.Info.Subject = fiche.Subtitle;
        document.Info.Author = "eCarto";
        document.Info.Creator = "eCarto — observatoire du numérique éducatif";
        document.Info.CreationDate = fiche.GeneratedAt.UtcDateTime;
        document.Language = "fr-FR";

        var layout = new Layout(document);
        layout.Text(fiche.Title, Fonts.Title, Ink);
        layout.Text(fiche.Subtitle, Fonts.Body, Muted);
        layout.Space(6);
        if (fiche.DemonstrationBanner is { } banner) layout.Banner(banner);
        foreach (var section in fiche.Sections)
        {
            layout.Heading(section.Title);
            foreach (var block in section.Blocks) layout.Block(block);
            layout.Space(6);
        }
        layout.Heading("Sources");
        foreach (var source in fiche.Sources) layout.Text("• " + source, Fonts.Small, Ink, indent: 6);
        layout.Finish(fiche);

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static class Fonts
    {
        public static readonly XFont Title = Font(17, bold: true);
        public static readonly XFont Heading = Font(12.5, bold: true);
        public static readonly XFont Subheading = Font(10, bold: true);
        public static readonly XFont Body = Font(9.5);
        public static readonly XFont BodyBold = Font(9.5, bold: true);
        public static readonly XFont Small = Font(8);
        public static readonly XFont SmallBold = Font(8, bold: true);

        private static XFont Font(double size, bool bold = false)
        {
            EmbeddedFonts.Install();
            return new XFont(EmbeddedFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, XPdfFontOptions.UnicodeDefault);
        }
    }

    /// <summary>A cursor down the pages: each block asks for its height and gets a new page when it does not fit.</summary>
    private sealed class Layout(PdfDocument document)
    {
        private PdfPage? _page;
        private XGraphics? _graphics;
        private double _y;
        private static double Width => 595.28 - 2 * Margin;
        private static double Bottom => 841.89 - Margin - 18; // room for the footer

        private XGraphics G
        {
            get
            {
                if (_graphics is null) NewPage();
                return _graphics!;
            }
        }

        private void NewPage()
        {
            _graphics?.Dispose();
            _page = document.AddPage();
            _page.Size = PageSize.A4;
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }

        private void Ensure(double height)
        {
            if (_graphics is null || _y + height > Bottom) NewPage();
        }

        public void Space(double points) => _y += points;

        public IReadOnlyList<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Split('\n'))
            {
                var line = "";
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (line.Length > 0 && G.MeasureString(candidate, font).Width > width)
                    {
                        lines.Add(line);
                        line = word;
                    }
                    else line = candidate;
                }
                lines.Add(line);
            }
            return lines;
        }

        private static double LineHeight(XFont font) => font.Size * 1.32;

        public void Text(string text, XFont font, XColor color, double indent = 0)
        {
            var lines = Wrap(text, font, Width - indent);
            foreach (var line in lines)
            {
                Ensure(LineHeight(font));
                G.DrawString(line, font, new XSolidBrush(color), new XRect(Margin + indent, _y, Width - indent, LineHeight(font)), XStringFormats.TopLeft);
                _y += LineHeight(font);
            }
        }

        public void Heading(string text)
        {
            Ensure(LineHeight(Fonts.Heading) + 40); // never a heading alone at the foot of a page
            _y += 6;
            G.DrawString(text, Fonts.Heading, new XSolidBrush(Accent), new XRect(Margin, _y, Width, LineHeight(Fonts.Heading)), XStringFormats.TopLeft);
            _y += LineHeight(Fonts.Heading) + 1;
            G.DrawLine(new XPen(Line, 0.6), Margin, _y, Margin + Width, _y);
            _y += 4;
        }

        public void Banner(string text)
        {
            var lines = Wrap(text, Fonts.Body, Width - 16);
            var height = lines.Count * LineHeight(Fonts.Body) + 10;
            Ensure(height);
            G.DrawRectangle(new XSolidBrush(DemoBackground), Margin, _y, Width, height);
            G.DrawRectangle(new XSolidBrush(DemoInk), Margin, _y, 3, height);
            var y = _y + 5;
            foreach (var line in lines)
            {
                G.DrawString(line, Fonts.Body, new XSolidBrush(DemoInk), new XRect(Margin + 10, y, Width - 16, LineHeight(Fonts.Body)), XStringFormats.TopLeft);
                y += LineHeight(Fonts.Body);
            }
            _y += height + 6;
        }

        public void Block(FicheBlock block)
        {
            switch (block)
            {
                case FicheParagraph p: Text(p.Text, p.IsNote ? Fonts.Small : Fonts.Body, p.IsNote ? Muted : Ink); _y += 2; break;
                case FicheSubheading h: _y += 3; Text(h.Text, Fonts.Subheading, Muted); break;
                case FicheFigures f: Figures(f); break;
                case FicheTable t: Table(t); break;
                case FicheChart c: Chart(c); break;
                default: throw new NotSupportedException(block.GetType().Name);
            }
        }

        private void Figures(FicheFigures figures)
        {
            var labelWidth = Width * 0.42;
            var valueWidth = Width - labelWidth - 8;
            foreach (var row in figures.Rows)
            {
                var labelLines = Wrap(row.Label, Fonts.BodyBold, labelWidth);
                var value = row.Value + (row.IsDemonstration ? "  [démo]" : "");
                var valueLines = Wrap(value, Fonts.Body, valueWidth);
                var sourceLines = row.Source is null ? [] : Wrap(row.Source, Fonts.Small, valueWidth);
                var height = Math.Max(labelLines.Count * LineHeight(Fonts.BodyBold),
                    valueLines.Count * LineHeight(Fonts.Body) + sourceLines.Count * LineHeight(Fonts.Small)) + 3;
                Ensure(height);
                var y = _y;
                foreach (var line in labelLines) { Draw(line, Fonts.BodyBold, Ink, Margin, y, labelWidth); y += LineHeight(Fonts.BodyBold); }
                y = _y;
                var valueColor = row.IsNotCommunicated ? Muted : row.IsDemonstration ? DemoInk : Ink;
                foreach (var line in valueLines) { Draw(line, Fonts.Body, valueColor, Margin + labelWidth + 8, y, valueWidth); y += LineHeight(Fonts.Body); }
                foreach (var line in sourceLines) { Draw(line, Fonts.Small, Muted, Margin + labelWidth + 8, y, valueWidth); y += LineHeight(Fonts.Small); }
                _y += height;
            }
        }

        private void Draw(string text, XFont font, XColor color, double x, double y, double width) =>
            G.DrawString(text, font, new XSolidBrush(color), new XRect(x, y, width, LineHeight(font)), XStringFormats.TopLeft);

        private void Table(FicheTable table)
        {
            var columns = table.Header.Count;
            var first = Math.Min(150, Width * 0.3);
            var other = (Width - first) / Math.Max(1, columns - 1);
            double ColumnX(int i) => Margin + (i == 0 ? 0 : first + (i - 1) * other);
            double ColumnWidth(int i) => (i == 0 ? first : other) - 6;

            void Row(IReadOnlyList<string> cells, bool header)
            {
                var wrapped = cells.Select((c, i) => Wrap(c, header || i == 0 ? Fonts.SmallBold : Fonts.Small, ColumnWidth(i))).ToList();
                var height = wrapped.Max(w => w.Count) * LineHeight(Fonts.Small) + 5;
                if (_graphics is null || _y + height > Bottom)
                {
                    NewPage();
                    if (!header) Row(table.Header, header: true); // the header again on each page
                }
                if (header) G.DrawRectangle(new XSolidBrush(Track), Margin, _y, Width, height);
                for (var i = 0; i < wrapped.Count; i++)
                {
                    var y = _y + 2.5;
                    foreach (var line in wrapped[i])
                    {
                        Draw(line, header || i == 0 ? Fonts.SmallBold : Fonts.Small, line.StartsWith("N.C.", StringComparison.Ordinal) ? Muted : Ink, ColumnX(i) + 3, y, ColumnWidth(i));
                        y += LineHeight(Fonts.Small);
                    }
                }
                _y += height;
                G.DrawLine(new XPen(Line, 0.5), Margin, _y, Margin + Width, _y);
            }

            Ensure(3 * LineHeight(Fonts.Small) + 10);
            Row(table.Header, header: true);
            foreach (var row in table.Rows) Row(row, header: false);
            if (table.Source is { } source) { _y += 2; Text(source, Fonts.Small, Muted); }
            _y += 4;
        }

        private void Chart(FicheChart chart)
        {
            var labelWidth = Width * 0.3;
            var valueWidth = 60;
            var barWidth = Width - labelWidth - valueWidth - 8;
            const double barHeight = 9, gap = 3;
            foreach (var group in chart.Groups)
            {
                var titleLines = Wrap(group.Label, Fonts.SmallBold, Width);
                Ensure(titleLines.Count * LineHeight(Fonts.SmallBold) + group.Bars.Count * (barHeight + gap) + 6);
                foreach (var line in titleLines) { Draw(line, Fonts.SmallBold, Ink, Margin, _y, Width); _y += LineHeight(Fonts.SmallBold); }
                foreach (var bar in group.Bars)
                {
                    Draw(bar.Name, bar.IsCurrent ? Fonts.SmallBold : Fonts.Small, Ink, Margin, _y - 1, labelWidth - 4);
                    G.DrawRectangle(new XSolidBrush(Track), Margin + labelWidth, _y, barWidth, barHeight);
                    if (bar.Value is { } value && group.Maximum > 0)
                    {
                        var width = Math.Max(0.8, Math.Min(1, value / group.Maximum) * barWidth);
                        G.DrawRectangle(new XSolidBrush(bar.IsCurrent ? Accent : AccentSoft), Margin + labelWidth, _y, width, barHeight);
                    }
                    Draw(bar.Text, Fonts.Small, Ink, Margin + labelWidth + barWidth + 6, _y - 1, valueWidth);
                    _y += barHeight + gap;
                }
                _y += 5;
            }
            Text(chart.Caption, Fonts.Small, Muted);
            _y += 4;
        }

        /// <summary>Every page's footer, once the page count is known.</summary>
        public void Finish(FicheDocument fiche)
        {
            _graphics?.Dispose();
            _graphics = null;
            var count = document.PageCount;
            var generated = fiche.GeneratedAt.ToOffset(TimeSpan.Zero).ToString("d MMMM yyyy 'à' HH:mm 'UTC'", French);
            for (var i = 0; i < count; i++)
            {
                using var graphics = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
                var y = 841.89 - Margin + 2;
                graphics.DrawLine(new XPen(Line, 0.5), Margin, y - 4, Margin + Width, y - 4);
                graphics.DrawString($"eCarto · données {fiche.DataVersion} · générée le {generated}", Fonts.Small, new XSolidBrush(Muted),
                    new XRect(Margin, y, Width, 12), XStringFormats.TopLeft);
                graphics.DrawString($"Page {i + 1} sur {count}", Fonts.Small, new XSolidBrush(Muted), new XRect(Margin, y, Width, 12), XStringFormats.TopRight);
            }
        }
    }
}
