using System.Reflection;
using PdfSharp.Fonts;

namespace ECarto.Exports.Pdf;

/// <summary>
/// PDFsharp's fonts: Noto Sans (SIL OFL 1.1), embedded in this assembly, for every family asked. It has
/// every French glyph, « œ », « É » and the narrow no-break space before « % » included; Azure's
/// Linux workers have no system font to fall back on.
/// </summary>
public sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "Noto Sans";
    private const string Regular = "NotoSans-Regular";
    private const string Bold = "NotoSans-Bold";
    private static readonly object Gate = new();
    private static bool _installed;

    /// <summary>PDFsharp takes one resolver per process, before its first font: install it once.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed) return;
            if (GlobalFontSettings.FontResolver is not EmbeddedFonts) GlobalFontSettings.FontResolver = new EmbeddedFonts();
            _installed = true;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        // No italic face: PDFsharp slants the regular one when asked (simulated italic).
        new(isBold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: isItalic);

    public byte[] GetFont(string faceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"ECarto.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"Police {faceName} absente de l'assemblage.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
