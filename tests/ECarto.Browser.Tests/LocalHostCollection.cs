namespace ECarto.Browser.Tests;

/// <summary>The page tests share one local host: it ingests the sample once, not once per test class.</summary>
[CollectionDefinition(Name)]
public sealed class LocalHostCollection : ICollectionFixture<LocalHostFixture>
{
    public const string Name = "local host";
}
