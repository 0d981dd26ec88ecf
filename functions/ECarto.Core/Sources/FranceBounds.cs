namespace ECarto.Sources;

/// <summary>Coarse boxes around metropolitan France, Corsica and every overseas territory with schools.</summary>
public static class FranceBounds
{
    private static readonly (double MinLat, double MaxLat, double MinLon, double MaxLon)[] Boxes =
    [
        (41.2, 51.2, -5.3, 9.7),      // métropole and Corse
        (15.8, 18.2, -63.2, -60.8),   // Guadeloupe, Saint-Martin, Saint-Barthélemy
        (14.3, 14.95, -61.3, -60.75), // Martinique
        (2.0, 6.0, -54.7, -51.5),     // Guyane
        (-21.5, -20.8, 55.1, 56.0),   // La Réunion
        (-13.1, -12.6, 44.9, 45.4),   // Mayotte
        (46.7, 47.2, -56.5, -56.1),   // Saint-Pierre-et-Miquelon
        (-23.0, -19.5, 163.0, 168.5), // Nouvelle-Calédonie
        (-28.0, -7.0, -155.0, -134.0),// Polynésie française
        (-14.4, -13.1, -178.3, -176.0), // Wallis-et-Futuna
    ];

    /// <summary>Metropolitan France and Corse only (the first box).</summary>
    public static bool IsMetropolitan(double latitude, double longitude) =>
        latitude >= Boxes[0].MinLat && latitude <= Boxes[0].MaxLat && longitude >= Boxes[0].MinLon && longitude <= Boxes[0].MaxLon;

    public static bool Contains(double latitude, double longitude) =>
        Boxes.Any(b => latitude >= b.MinLat && latitude <= b.MaxLat && longitude >= b.MinLon && longitude <= b.MaxLon);
}
