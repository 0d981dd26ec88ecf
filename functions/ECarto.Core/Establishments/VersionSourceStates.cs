using ECarto.Ingestion;

namespace ECarto.Establishments;

/// <summary>
/// The source states (the dates the attributions show) read once per instance per served version, rather
/// than once per request: a new version is the moment they are read again.
/// </summary>
public sealed class VersionSourceStates(SourceStates states)
{
    private (string Version, Task<IReadOnlyDictionary<string, SourceState>> States)? _current;
    private readonly Lock _lock = new();

    public Task<IReadOnlyDictionary<string, SourceState>> GetAsync(string version, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_current is { } current && current.Version == version && !current.States.IsFaulted && !current.States.IsCanceled) return current.States;
            // Not tied to the first caller's cancellation: the read is shared by every request of the version.
            var read = states.AllAsync(CancellationToken.None);
            _current = (version, read);
            return read.WaitAsync(cancellationToken);
        }
    }
}
