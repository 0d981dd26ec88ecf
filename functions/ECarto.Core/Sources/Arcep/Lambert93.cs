using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace ECarto.Sources.Arcep;

/// <summary>
/// Lambert-93 (EPSG:2154, RGF93) to latitude/longitude. RGF93 and WGS84 agree within a metre, so the
/// inverse projection alone is the WGS84 position. One transformation per thread is built once and
/// reused (ProjNET does not document its transforms as thread-safe).
/// </summary>
public static class Lambert93
{
    /// <summary>EPSG:2154 as published by the EPSG registry (OGC WKT 1).</summary>
    public const string Wkt =
        "PROJCS[\"RGF93 / Lambert-93\"," +
        "GEOGCS[\"RGF93\",DATUM[\"Reseau_Geodesique_Francais_1993\",SPHEROID[\"GRS 1980\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"7019\"]]," +
        "TOWGS84[0,0,0,0,0,0,0],AUTHORITY[\"EPSG\",\"6171\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]]," +
        "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4171\"]]," +
        "PROJECTION[\"Lambert_Conformal_Conic_2SP\"]," +
        "PARAMETER[\"standard_parallel_1\",49],PARAMETER[\"standard_parallel_2\",44],PARAMETER[\"latitude_of_origin\",46.5]," +
        "PARAMETER[\"central_meridian\",3],PARAMETER[\"false_easting\",700000],PARAMETER[\"false_northing\",6600000]," +
        "UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],AXIS[\"X\",EAST],AXIS[\"Y\",NORTH],AUTHORITY[\"EPSG\",\"2154\"]]";

    /// <summary>The projection's domain with a margin: metropolitan France and Corsica.</summary>
    public const double MinX = 0, MaxX = 1_300_000, MinY = 6_000_000, MaxY = 7_200_000;

    private static readonly ThreadLocal<MathTransform> Inverse = new(CreateInverse);

    private static MathTransform CreateInverse()
    {
        var lambert = (ProjectedCoordinateSystem)new CoordinateSystemFactory().CreateFromWkt(Wkt);
        return new CoordinateTransformationFactory()
            .CreateFromCoordinateSystems(lambert, lambert.GeographicCoordinateSystem)
            .MathTransform;
    }

    /// <summary>True when (x, y) lies in the Lambert-93 domain (a Lambert II étendu Y, ~2.4 million, does not).</summary>
    public static bool InDomain(double x, double y) => x >= MinX && x <= MaxX && y >= MinY && y <= MaxY;

    /// <summary>Converts Lambert-93 metres to WGS84 degrees.</summary>
    public static (double Latitude, double Longitude) ToWgs84(double x, double y)
    {
        var (longitude, latitude) = Inverse.Value!.Transform(x, y);
        return (latitude, longitude);
    }
}
