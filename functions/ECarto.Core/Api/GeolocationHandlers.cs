using System.Globalization;
using ECarto.Geocoding;
using ECarto.Search;
using Microsoft.AspNetCore.Http;

namespace ECarto.Api;

/// <summary>
/// GET /api/etablissements/proches — the schools around a point, nearest first; GET /api/geocodage — an
/// address to a position (Azure Maps, or the communes of the data when it is not configured).
/// </summary>
public sealed class GeolocationHandlers(SchoolCatalogProvider catalogs, IGeocoder geocoder, SearchOptions options)
{
    public const int DefaultRadiusMetres = 5_000;
    public const int MaxRadiusMetres = 50_000;
    public const int MaxAddressLength = 200;

    /// <summary>GET /api/etablissements/proches?lat=&amp;lon=&amp;rayon=&amp;type=&amp;page=&amp;pageSize=</summary>
    public async Task<IResult> NearbyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var query = request.Query;
        if (!TryReadCoordinate(query, "lat", 90, out var lat, out var problem)) return problem!;
        if (!TryReadCoordinate(query, "lon", 180, out var lon, out problem)) return problem!;
        if (!EstablishmentHandlers.TryReadInt(query, "rayon", DefaultRadiusMetres, 1, MaxRadiusMetres, out var radius, out problem)) return problem!;
        if (!EstablishmentHandlers.TryReadInt(query, "page", 1, 1, EstablishmentHandlers.MaxPage, out var page, out problem)) return problem!;
        if (!EstablishmentHandlers.TryReadInt(query, "pageSize", options.DefaultPageSize, 1, options.MaxPageSize, out var pageSize, out problem)) return problem!;
        if (await catalogs.GetAsync(cancellationToken) is not { } catalog) return Problems.Loading();
        string? type = null;
        if (query[SchoolFilters.Type].ToString().Trim() is { Length: > 0 } typeText)
        {
            (type, problem) = SchoolFilters.All.Single(f => f.Parameter == SchoolFilters.Type).Read(catalog, typeText);
            if (problem is not null) return problem;
        }
        if (HttpCaching.IsFresh(request, catalog.Version)) return HttpCaching.NotModified(catalog.Version);
        var (total, results) = catalog.Nearby(lat, lon, radius, type, page, pageSize);
        return HttpCaching.Versioned(Results.Json(new
        {
            lat,
            lon,
            rayon = radius,
            type,
            total,
            page,
            pageSize,
            pageCount = (total + pageSize - 1) / pageSize,
            results = results.Select(r => new
            {
                r.School.Uai, r.School.Name, r.School.Types, r.School.Sector, r.School.CommuneCode, r.School.CommuneName,
                r.School.DepartementCode, r.School.State, r.School.StateLabel,
                r.Latitude, r.Longitude,
                distanceMetres = r.DistanceMetres,
            }),
            dataVersion = catalog.Version,
        }), catalog.Version);
    }

    /// <summary>GET /api/geocodage?adresse=</summary>
    public async Task<IResult> GeocodeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var address = request.Query["adresse"].ToString().Trim();
        if (address.Length == 0) return Problems.BadRequest("adresse", "« adresse » est vide : donnez une adresse, une commune ou un code postal (par exemple « Albi » ou « 31000 »).");
        if (address.Length > MaxAddressLength) return Problems.BadRequest("adresse", $"L'adresse dépasse {MaxAddressLength} caractères : raccourcissez-la.");
        if (await catalogs.GetAsync(cancellationToken) is not { } catalog) return Problems.Loading();
        if (HttpCaching.IsFresh(request, catalog.Version)) return HttpCaching.NotModified(catalog.Version);
        GeocodedPlace? place;
        try
        {
            place = await geocoder.GeocodeAsync(address, cancellationToken);
        }
        catch (GeocodingException error)
        {
            return Results.Problem(title: "Géocodage indisponible", detail: error.Message, statusCode: error.Status);
        }
        if (place is null) return Problems.NotFound($"Aucun lieu trouvé pour « {EstablishmentHandlers.Truncate(address, 60)} » : vérifiez l'adresse, ou donnez une commune ou un code postal.");
        return HttpCaching.Versioned(Results.Json(new
        {
            adresse = address,
            lat = place.Latitude,
            lon = place.Longitude,
            label = place.Label,
            source = place.Source,
        }), catalog.Version);
    }

    private static bool TryReadCoordinate(IQueryCollection query, string name, double limit, out double value, out IResult? problem)
    {
        problem = null;
        var text = query[name].ToString().Trim();
        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value >= -limit && value <= limit && query[name].Count == 1) return true;
        problem = Problems.BadRequest(name, text.Length == 0
            ? $"« {name} » manque : donnez la {(name == "lat" ? "latitude" : "longitude")} en degrés décimaux (WGS 84), entre -{limit} et {limit}, avec un point (par exemple 43.6045)."
            : $"« {name} » doit être un nombre décimal entre -{limit} et {limit}, avec un point (reçu « {EstablishmentHandlers.Truncate(text, 20)} »).");
        return false;
    }
}
