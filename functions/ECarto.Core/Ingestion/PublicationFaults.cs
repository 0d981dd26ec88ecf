using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ECarto.Ingestion;

/// <summary>
/// A fault-injection hook for the tests of killed and concurrent publications, off unless configured:
/// with <c>Ingestion:HoldPublishUntilFile</c> (environment <c>Ingestion__HoldPublishUntilFile</c>) naming
/// a file, a publication that has written its tables and search snapshot writes « {file}.held » (holding
/// the version id), then waits until the file exists before it switches the served version. The test
/// then knows the publication is exactly there: it can kill the process, or publish from elsewhere.
/// </summary>
public sealed class PublicationFaults(IConfiguration configuration, ILogger<PublicationFaults> logger)
{
    public const string HoldSetting = "Ingestion:HoldPublishUntilFile";

    public async Task HoldBeforeSwitchAsync(string version, CancellationToken cancellationToken)
    {
        if (configuration[HoldSetting] is not { Length: > 0 } release) return;
        logger.LogWarning("Publication {Version} retenue avant la bascule jusqu'à ce que {File} existe ({Setting})", version, release, HoldSetting);
        // Written then moved: whoever sees the file reads it whole.
        await File.WriteAllTextAsync(release + ".held.tmp", version, cancellationToken);
        File.Move(release + ".held.tmp", release + ".held", overwrite: true);
        while (!File.Exists(release)) await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
    }
}
