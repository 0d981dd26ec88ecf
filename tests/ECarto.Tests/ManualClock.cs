namespace ECarto.Tests;

/// <summary>
/// A clock that stands still until the test moves it: drives the production interval logic (the index
/// cache's version check) without waiting for real time.
/// </summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public void Advance(TimeSpan by) => now += by;

    public override DateTimeOffset GetUtcNow() => now;
}
