using ECarto.Search;
using ECarto.Text;

namespace ECarto.Geocoding;

/// <summary>A place found for an address: its position, how the geocoder names it, and which geocoder found it.</summary>
public sealed record GeocodedPlace(double Latitude, double Longitude, string Label, string Source);

/// <summary>
/// Turns a typed address into a position. Null when nothing is found; a <see cref="GeocodingException"/>
/// when the service cannot answer (timeout, refused authentication), with a message for the user.
/// </summary>
public interface IGeocoder
{
    Task<GeocodedPlace?> GeocodeAsync(string address, CancellationToken cancellationToken);
}

/// <summary>The geocoding service failed: the HTTP status to answer with (502, 503) and a French message.</summary>
public sealed class GeocodingException(int status, string message, Exception? inner = null) : Exception(message, inner)
{
    public int Status { get; } = status;
}

/// <summary>
/// The offline geocoder, used when Azure Maps is not configured (the local default): a commune's name, its
/// INSEE code or one of its postal codes resolves to that commune's position, the mean of the coordinates of
/// its schools in the published data (the territories hold no position). Among homonyms (« Saint-Paul »),
/// the commune with the most schools.
/// </summary>
public sealed class CommuneGeocoder(SchoolCatalogProvider catalogs) : IGeocoder
{
    public const string SourceName = "communes";

    public async Task<GeocodedPlace?> GeocodeAsync(string address, CancellationToken cancellationToken)
    {
        if (await catalogs.GetAsync(cancellationToken) is not { } catalog) return null;
        var text = address.Trim();
        var key = FrenchText.Fold(text);
        var candidates = catalog.CommunePositions
            .Where(c => c.Value.PostalCodes.Contains(text, StringComparer.Ordinal) || c.Key == text.ToUpperInvariant() || FrenchText.Fold(c.Value.Name) == key)
            .OrderByDescending(c => c.Value.Schools)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0) return null;
        var (_, commune) = candidates[0];
        return new GeocodedPlace(commune.Latitude, commune.Longitude, $"{commune.Name} ({commune.DepartementCode})", SourceName);
    }
}
