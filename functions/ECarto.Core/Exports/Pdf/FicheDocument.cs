namespace ECarto.Exports.Pdf;

/// <summary>
/// A fiche as the PDF lays it out: what to say, not where. Built from the same API answer the page shows
/// (<see cref="FicheFromApi"/>), drawn by <see cref="FichePdfRenderer"/>.
/// </summary>
public sealed record FicheDocument(
    string Title,
    string Subtitle,
    string? DemonstrationBanner,
    IReadOnlyList<FicheSection> Sections,
    IReadOnlyList<string> Sources,
    string DataVersion,
    DateTimeOffset GeneratedAt);

public sealed record FicheSection(string Title, IReadOnlyList<FicheBlock> Blocks);

public abstract record FicheBlock;

/// <summary>A paragraph; a note is smaller and grey (a coverage remark, a definition).</summary>
public sealed record FicheParagraph(string Text, bool IsNote = false) : FicheBlock;

/// <summary>A sub-heading inside a section (« Réseau fixe de la commune de Toulouse »).</summary>
public sealed record FicheSubheading(string Text) : FicheBlock;

/// <summary>Label / value pairs, each with its source and whether it is N.C. or a demonstration figure.</summary>
public sealed record FicheFigures(IReadOnlyList<FicheFigure> Rows) : FicheBlock;

public sealed record FicheFigure(string Label, string Value, string? Source = null, bool IsDemonstration = false, bool IsNotCommunicated = false);

/// <summary>A table: a header row, then rows whose first cell is the row's label; a cell may hold several lines.</summary>
public sealed record FicheTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, string? Source = null) : FicheBlock;

/// <summary>Horizontal bars comparing territories, one group per indicator, each group on its own scale.</summary>
public sealed record FicheChart(string Caption, IReadOnlyList<FicheChartGroup> Groups) : FicheBlock;

public sealed record FicheChartGroup(string Label, double Maximum, IReadOnlyList<FicheChartBar> Bars);

public sealed record FicheChartBar(string Name, double? Value, string Text, bool IsCurrent);
