using System.Globalization;
using System.Runtime.CompilerServices;

namespace ECarto.Sources.Inventaire;

/// <summary>
/// Reads an inventaire numérique file (CSV, `,` or `;`, UTF-8 or Windows-1252) and validates every row
/// against the Table Schema: types, required values, bounds, enums, patterns, primary key uniqueness,
/// and the two rules the schema states in words (mobile terminals within the fleet, measured value
/// within its band). Columns are found by name; unknown columns are ignored, optional ones may be
/// absent; a missing required column fails the file.
/// </summary>
public static class InventaireReader
{
    /// <summary>The columns of the embedded schema, required as the schema says.</summary>
    public static IReadOnlyList<SourceColumn> Columns => ColumnsOf(InventaireSchema.Current);

    public static IReadOnlyList<SourceColumn> ColumnsOf(InventaireSchema schema) =>
        schema.Fields.Select(f => new SourceColumn(f.Name, f.Constraints.Required, f.Name)).ToList();

    public static IAsyncEnumerable<RowResult<InventaireRecord>> ReadAsync(TextReader reader, CancellationToken cancellationToken = default) =>
        ReadAsync(reader, InventaireSchema.Current, cancellationToken);

    public static async IAsyncEnumerable<RowResult<InventaireRecord>> ReadAsync(
        TextReader reader,
        InventaireSchema schema,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var validator = new InventaireValidator(schema);
        await foreach (var row in DelimitedTable.ReadAsync(reader, ColumnsOf(schema), cancellationToken))
        {
            yield return validator.Validate(row);
        }
    }
}

/// <summary>
/// Validates the rows of one file in order; it remembers the primary keys already accepted, so a
/// second row with the same key is rejected naming the first one's line.
/// </summary>
public sealed class InventaireValidator(InventaireSchema schema)
{
    private readonly Dictionary<string, int> _keys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _missingValues = new(schema.MissingValues, StringComparer.Ordinal);

    public RowResult<InventaireRecord> Validate(SourceRow row)
    {
        if (row.IsIncomplete)
        {
            return RowResult<InventaireRecord>.Rejected(row.Line, $"ligne incomplète : {row.FieldCount} champs seulement (fichier tronqué ?)");
        }
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var field in schema.Fields)
        {
            var text = row[field.Name];
            if (text is not null && _missingValues.Contains(text)) text = null;
            errors.AddRange(field.Check(text, out var value));
            values[field.Name] = value;
        }

        var devices = values.GetValueOrDefault("nb_terminaux") as int?;
        var mobile = values.GetValueOrDefault("nb_terminaux_mobiles") as int?;
        if (devices is { } d && mobile is { } m && m > d)
        {
            errors.Add($"champ « nb_terminaux_mobiles » : {m} supérieur à nb_terminaux ({d}), dont il est une partie (règle du schéma)");
        }
        var band = values.GetValueOrDefault("debit_mesure") as string;
        var mbps = values.GetValueOrDefault("debit_mesure_mbits") as double?;
        if (band is not null && mbps is { } measured && BandwidthBands.Of(measured) != band)
        {
            errors.Add($"champ « debit_mesure_mbits » : {measured.ToString(CultureInfo.InvariantCulture)} Mbit/s hors de la tranche debit_mesure « {band} » (règle du schéma)");
        }

        var uai = values.GetValueOrDefault("uai") as string;
        var prefix = uai is null ? "" : $"{uai} : ";
        if (errors.Count > 0)
        {
            return RowResult<InventaireRecord>.Rejected(row.Line, prefix + string.Join(" ; ", errors));
        }

        if (schema.PrimaryKey.Count > 0)
        {
            var key = string.Join(", ", schema.PrimaryKey.Select(k => Format(values.GetValueOrDefault(k))));
            if (_keys.TryGetValue(key, out var first))
            {
                return RowResult<InventaireRecord>.Rejected(row.Line,
                    $"{prefix}clé primaire ({string.Join(", ", schema.PrimaryKey)}) = ({key}) déjà présente ligne {first} (primaryKey)");
            }
            _keys[key] = row.Line;
        }

        return RowResult<InventaireRecord>.Accepted(row.Line, new InventaireRecord
        {
            Uai = uai ?? throw new InvalidOperationException("Le schéma doit déclarer le champ obligatoire « uai »."),
            ObservationDate = values.GetValueOrDefault("date_observation") as DateOnly?
                ?? throw new InvalidOperationException("Le schéma doit déclarer le champ obligatoire « date_observation »."),
            Pupils = values.GetValueOrDefault("nb_eleves") as int?,
            Devices = devices,
            MobileDevices = mobile,
            InteractiveBoards = values.GetValueOrDefault("nb_tbi") as int?,
            Projectors = values.GetValueOrDefault("nb_videoprojecteurs") as int?,
            Printers3D = values.GetValueOrDefault("nb_imprimantes_3d") as int?,
            BandwidthBand = band,
            MeasuredBandwidthMbps = mbps,
            AccessType = values.GetValueOrDefault("type_acces") as string,
            Wifi = values.GetValueOrDefault("wifi") as string,
            ConnectedRoomsPercent = values.GetValueOrDefault("part_salles_connectees") as int?,
            HasEnt = values.GetValueOrDefault("ent") as bool?,
            EntName = values.GetValueOrDefault("nom_ent") as string,
            DigitalResources = values.GetValueOrDefault("nb_ressources_numeriques") as int?,
            EFran = values.GetValueOrDefault("experimentation_efran") as bool?,
            ProFan = values.GetValueOrDefault("experimentation_profan") as bool?,
            CollegeLab = values.GetValueOrDefault("college_lab") as bool?,
            Source = values.GetValueOrDefault("source") as string
                ?? throw new InvalidOperationException("Le schéma doit déclarer le champ obligatoire « source »."),
            IsDemonstration = values.GetValueOrDefault("demonstration") as bool?
                ?? throw new InvalidOperationException("Le schéma doit déclarer le champ obligatoire « demonstration »."),
        });
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
