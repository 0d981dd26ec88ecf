using ECarto.Sources;
using Microsoft.Playwright;

namespace ECarto.Browser.Tests;

/// <summary>Debian's Chromium driven by Playwright, and the screenshots a person looks at.</summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string Path = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public static async Task<Chromium> LaunchAsync()
    {
        var chromium = new Chromium();
        if (!File.Exists(Path)) return chromium;
        // CI shares two cores with the host, Azurite and the other test assemblies: wait as a patient person would.
        Assertions.SetDefaultExpectTimeout(30_000);
        chromium._playwright = await Playwright.CreateAsync();
        chromium.Browser = await chromium._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            // Our machines have no network: keep Chromium from trying to reach its services.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return chromium;
    }

    /// <summary>A new page at <paramref name="url"/>; skips the test when Chromium is not installed.</summary>
    public async Task<IPage> OpenAsync(string url, int width = 1280)
    {
        Skip.If(Browser is null, $"{Path} is not installed (tests/run.sh installs Debian's chromium when it runs as root).");
        var page = await Browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 }, Locale = "fr-FR" });
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(url);
        return page;
    }

    /// <summary>
    /// Full-page screenshots at 1280 and 390 px wide, in TestResults/screenshots/, to look at: a page that
    /// passes its tests can still look broken. With <paramref name="part"/>, that element only.
    /// </summary>
    public static async Task ScreenshotsAsync(IPage page, string name, ILocator? part = null)
    {
        var root = RepositoryLayout.FindRoot() ?? throw new DirectoryNotFoundException("repository root not found");
        var folder = System.IO.Path.Combine(root, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        var original = page.ViewportSize;
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            // The page redraws what depends on its width (the chart) a moment after a resize, as a phone would show it.
            await page.WaitForTimeoutAsync(500);
            var path = System.IO.Path.Combine(folder, $"{name}-{width}.png");
            if (part is null) await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            else await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        }
        if (original is not null) await page.SetViewportSizeAsync(original.Width, original.Height);
    }

    /// <summary>
    /// Clicks a territory's shape on a map as a person would: at a point where that shape is the topmost
    /// element. The centre of its box may lie in a neighbour (Haute-Garonne's lies in the Ariège).
    /// </summary>
    public static async Task ClickShapeAsync(IPage page, ILocator shape)
    {
        var (x, y) = await PointOfAsync(shape);
        await page.Mouse.ClickAsync(x, y);
    }

    /// <summary>Moves the mouse over a territory's shape (its tooltip shows), as <see cref="ClickShapeAsync"/> aims.</summary>
    public static async Task HoverShapeAsync(IPage page, ILocator shape)
    {
        var (x, y) = await PointOfAsync(shape);
        await page.Mouse.MoveAsync(x, y);
    }

    private static async Task<(float X, float Y)> PointOfAsync(ILocator shape)
    {
        await shape.ScrollIntoViewIfNeededAsync();
        var point = await shape.EvaluateAsync<double[]?>(@"path => {
            const box = path.getBoundingClientRect();
            for (let i = 1; i < 24; i++) for (let j = 1; j < 24; j++) {
                const x = box.left + box.width * i / 24, y = box.top + box.height * j / 24;
                if (document.elementFromPoint(x, y) === path) return [x, y];
            }
            return null;
        }");
        Assert.True(point is not null, "la forme n'est visible en aucun point de la carte");
        return ((float)point![0], (float)point[1]);
    }

    /// <summary>At 390 px (a phone), nothing may stick out of the screen: the page never scrolls sideways.</summary>
    public static async Task AssertFitsAPhoneAsync(IPage page)
    {
        var original = page.ViewportSize;
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForTimeoutAsync(500); // the chart redraws at the new width
        var sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (sizes[0], sizes[1]);
        if (original is not null) await page.SetViewportSizeAsync(original.Width, original.Height);
        Assert.True(scroll <= client, $"la page déborde à 390 px : {scroll} px de large pour {client} px d'écran");
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
