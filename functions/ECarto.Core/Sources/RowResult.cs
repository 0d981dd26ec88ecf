namespace ECarto.Sources;

/// <summary>A row read from a source: its value, or the reason it was rejected, with its line number.</summary>
public readonly record struct RowResult<T>(int Line, T? Value, string? Rejection) where T : class
{
    public static RowResult<T> Accepted(int line, T value) => new(line, value, null);

    public static RowResult<T> Rejected(int line, string reason) => new(line, null, reason);

    public bool IsAccepted => Value is not null;
}

/// <summary>A rejected row for the run's report.</summary>
public sealed record RejectedRow(int Line, string Reason);
