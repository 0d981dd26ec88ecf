using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ECarto.Ingestion;

/// <summary>Logs a long step's progress: source, rows so far, rate; at most every couple of seconds.</summary>
public sealed class IngestionProgress(ILogger logger, string source, string step)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastReport;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public void Report(int rows)
    {
        var elapsed = _clock.Elapsed;
        if (elapsed - _lastReport < Interval) return;
        _lastReport = elapsed;
        logger.LogInformation("{Source} : {Step}, {Rows} lignes ({Rate:F0} lignes/s)", source, step, rows, rows / Math.Max(elapsed.TotalSeconds, 0.001));
    }

    public void Done(int rows)
    {
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        logger.LogInformation("{Source} : {Step} terminée, {Rows} lignes en {Seconds:F1} s ({Rate:F0} lignes/s)", source, step, rows, seconds, rows / seconds);
    }
}
