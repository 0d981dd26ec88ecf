using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ECarto.Sources.Inventaire;

/// <summary>The Table Schema field types the inventaire uses.</summary>
public enum SchemaFieldType
{
    String,
    Integer,
    Number,
    Boolean,
    Date,
}

/// <summary>A field's constraints as the schema writes them (bounds as written: a number, or a date for a date field).</summary>
public sealed record SchemaConstraints
{
    public bool Required { get; init; }
    public string? Minimum { get; init; }
    public string? Maximum { get; init; }
    public IReadOnlyList<string>? Enum { get; init; }
    public string? Pattern { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
}

/// <summary>
/// One field of a Table Schema, and its check of a value: type, then constraints. The schema's
/// <c>missingValues</c> are handled before (a missing value only fails <c>required</c>).
/// </summary>
public sealed class SchemaField
{
    private static readonly string[] DefaultTrueValues = ["true", "True", "TRUE", "1"];
    private static readonly string[] DefaultFalseValues = ["false", "False", "FALSE", "0"];

    private readonly Regex? _pattern;
    private readonly double? _minimumNumber;
    private readonly double? _maximumNumber;
    private readonly DateOnly? _minimumDate;
    private readonly DateOnly? _maximumDate;

    public SchemaField(string name, SchemaFieldType type, SchemaConstraints constraints, string? format = null, string? title = null,
        string? description = null, string? example = null, IReadOnlyList<string>? trueValues = null, IReadOnlyList<string>? falseValues = null)
    {
        Name = name;
        Type = type;
        Constraints = constraints;
        Format = format;
        Title = title;
        Description = description;
        Example = example;
        TrueValues = trueValues ?? DefaultTrueValues;
        FalseValues = falseValues ?? DefaultFalseValues;
        if (constraints.Pattern is { } pattern)
        {
            // Table Schema patterns match the whole value (XML Schema regular expressions).
            _pattern = new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        if (type is SchemaFieldType.Integer or SchemaFieldType.Number)
        {
            _minimumNumber = Bound(constraints.Minimum);
            _maximumNumber = Bound(constraints.Maximum);
        }
        else if (type is SchemaFieldType.Date)
        {
            _minimumDate = DateBound(constraints.Minimum);
            _maximumDate = DateBound(constraints.Maximum);
        }
        else if (constraints.Minimum is not null || constraints.Maximum is not null)
        {
            throw new InvalidDataException($"Schéma : minimum/maximum sans objet pour le champ « {name} » de type {type}.");
        }
    }

    public string Name { get; }
    public SchemaFieldType Type { get; }
    public SchemaConstraints Constraints { get; }
    public string? Format { get; }
    public string? Title { get; }
    public string? Description { get; }
    public string? Example { get; }
    public IReadOnlyList<string> TrueValues { get; }
    public IReadOnlyList<string> FalseValues { get; }

    /// <summary>
    /// Checks one value (null = missing) and converts it: <see cref="string"/>, <see cref="int"/>,
    /// <see cref="double"/>, <see cref="bool"/> or <see cref="DateOnly"/>. Returns the reasons it breaks
    /// the schema, in French, each naming the field and the constraint; none when it is valid.
    /// </summary>
    public IReadOnlyList<string> Check(string? text, out object? value)
    {
        value = null;
        if (text is null)
        {
            return Constraints.Required ? [$"champ « {Name} » obligatoire mais vide (required)"] : [];
        }
        var errors = new List<string>();
        switch (Type)
        {
            case SchemaFieldType.String:
                value = text;
                break;
            case SchemaFieldType.Integer:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) && integer is >= int.MinValue and <= int.MaxValue)
                {
                    value = (int)integer;
                    CheckBounds(integer, errors);
                }
                else errors.Add($"champ « {Name} » : « {text} » n'est pas un nombre entier (type integer)");
                break;
            case SchemaFieldType.Number:
                if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
                    && double.IsFinite(number))
                {
                    value = number;
                    CheckBounds(number, errors);
                }
                else errors.Add($"champ « {Name} » : « {text} » n'est pas un nombre, séparateur décimal point (type number)");
                break;
            case SchemaFieldType.Boolean:
                // Case is ignored: « TRUE » and « Oui » from spreadsheet exports are accepted.
                if (TrueValues.Contains(text, StringComparer.OrdinalIgnoreCase)) value = true;
                else if (FalseValues.Contains(text, StringComparer.OrdinalIgnoreCase)) value = false;
                else errors.Add($"champ « {Name} » : « {text} » n'est pas un booléen ({string.Join("/", TrueValues)} ou {string.Join("/", FalseValues)}) (type boolean)");
                break;
            case SchemaFieldType.Date:
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    value = date;
                    if (_minimumDate is { } min && date < min) errors.Add($"champ « {Name} » : {text} antérieure au minimum {min:yyyy-MM-dd} (minimum)");
                    if (_maximumDate is { } max && date > max) errors.Add($"champ « {Name} » : {text} postérieure au maximum {max:yyyy-MM-dd} (maximum)");
                }
                else errors.Add($"champ « {Name} » : « {text} » n'est pas une date AAAA-MM-JJ (type date)");
                break;
        }
        if (Constraints.Enum is { } allowed && !allowed.Contains(text, StringComparer.Ordinal))
        {
            errors.Add($"champ « {Name} » : « {text} » n'est pas une valeur permise ({string.Join(", ", allowed)}) (enum)");
        }
        if (_pattern is not null && !_pattern.IsMatch(text))
        {
            errors.Add($"champ « {Name} » : « {text} » ne respecte pas le motif {Constraints.Pattern} (pattern)");
        }
        if (Constraints.MinLength is { } minLength && text.Length < minLength)
        {
            errors.Add($"champ « {Name} » : {text.Length} caractère(s), au moins {minLength} attendu(s) (minLength)");
        }
        if (Constraints.MaxLength is { } maxLength && text.Length > maxLength)
        {
            errors.Add($"champ « {Name} » : {text.Length} caractères, au plus {maxLength} (maxLength)");
        }
        if (errors.Count > 0) value = null;
        return errors;
    }

    private void CheckBounds(double number, List<string> errors)
    {
        var shown = number.ToString(CultureInfo.InvariantCulture);
        if (_minimumNumber is { } min && number < min) errors.Add($"champ « {Name} » : {shown} inférieur au minimum {Constraints.Minimum} (minimum)");
        if (_maximumNumber is { } max && number > max) errors.Add($"champ « {Name} » : {shown} supérieur au maximum {Constraints.Maximum} (maximum)");
    }

    private double? Bound(string? text)
    {
        if (text is null) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound)
            ? bound
            : throw new InvalidDataException($"Schéma : borne « {text} » illisible pour le champ « {Name} ».");
    }

    private DateOnly? DateBound(string? text)
    {
        if (text is null) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var bound)
            ? bound
            : throw new InvalidDataException($"Schéma : borne « {text} » illisible pour le champ « {Name} ».");
    }
}

/// <summary>
/// The Table Schema of the inventaire numérique (<c>schemas/inventaire-numerique/schema.json</c>, embedded
/// in this assembly), loaded with System.Text.Json: its fields, their types and constraints, its primary key.
/// </summary>
public sealed class InventaireSchema
{
    /// <summary>The manifest resource name of the embedded schema.json.</summary>
    public const string ResourceName = "ECarto.Schemas.inventaire-numerique.schema.json";

    private static readonly Lazy<InventaireSchema> Embedded = new(() =>
    {
        using var stream = typeof(InventaireSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Ressource {ResourceName} absente de l'assembly.");
        return Load(stream);
    });

    private readonly Dictionary<string, SchemaField> _byName;

    private InventaireSchema(string name, string? title, string? version, IReadOnlyList<SchemaField> fields,
        IReadOnlyList<string> primaryKey, IReadOnlyList<string> missingValues)
    {
        Name = name;
        Title = title;
        Version = version;
        Fields = fields;
        PrimaryKey = primaryKey;
        MissingValues = missingValues;
        _byName = new Dictionary<string, SchemaField>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (!_byName.TryAdd(field.Name, field)) throw new InvalidDataException($"Schéma : champ « {field.Name} » déclaré deux fois.");
        }
        foreach (var key in primaryKey)
        {
            if (!_byName.ContainsKey(key)) throw new InvalidDataException($"Schéma : la clé primaire nomme un champ inconnu « {key} ».");
        }
    }

    /// <summary>The schema shipped with this version of eCarto.</summary>
    public static InventaireSchema Current => Embedded.Value;

    public string Name { get; }
    public string? Title { get; }
    public string? Version { get; }
    public IReadOnlyList<SchemaField> Fields { get; }
    public IReadOnlyList<string> PrimaryKey { get; }
    public IReadOnlyList<string> MissingValues { get; }

    public SchemaField? Field(string name) => _byName.GetValueOrDefault(name);

    public static InventaireSchema Load(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    public static InventaireSchema Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    private static InventaireSchema FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("fields", out var fieldsJson) || fieldsJson.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("Schéma : un objet avec un tableau « fields » est attendu.");
        }
        var fields = new List<SchemaField>();
        foreach (var f in fieldsJson.EnumerateArray())
        {
            var name = Text(f, "name") ?? throw new InvalidDataException("Schéma : un champ n'a pas de nom.");
            var typeName = Text(f, "type") ?? "string";
            var type = typeName switch
            {
                "string" => SchemaFieldType.String,
                "integer" => SchemaFieldType.Integer,
                "number" => SchemaFieldType.Number,
                "boolean" => SchemaFieldType.Boolean,
                "date" => SchemaFieldType.Date,
                _ => throw new InvalidDataException($"Schéma : type « {typeName} » du champ « {name} » non pris en charge."),
            };
            var constraints = new SchemaConstraints();
            if (f.TryGetProperty("constraints", out var c))
            {
                constraints = new SchemaConstraints
                {
                    Required = c.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True,
                    Minimum = Scalar(c, "minimum"),
                    Maximum = Scalar(c, "maximum"),
                    Enum = c.TryGetProperty("enum", out var values) ? values.EnumerateArray().Select(Scalar).ToList() : null,
                    Pattern = Text(c, "pattern"),
                    MinLength = c.TryGetProperty("minLength", out var minLength) ? minLength.GetInt32() : null,
                    MaxLength = c.TryGetProperty("maxLength", out var maxLength) ? maxLength.GetInt32() : null,
                };
            }
            fields.Add(new SchemaField(name, type, constraints, Text(f, "format"), Text(f, "title"), Text(f, "description"),
                Scalar(f, "example"), Strings(f, "trueValues"), Strings(f, "falseValues")));
        }
        var primaryKey = root.TryGetProperty("primaryKey", out var pk)
            ? pk.ValueKind == JsonValueKind.String ? [pk.GetString()!] : Strings(root, "primaryKey")!
            : [];
        return new InventaireSchema(Text(root, "name") ?? "", Text(root, "title"), Text(root, "version"), fields, primaryKey,
            Strings(root, "missingValues") ?? [""]);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Scalar(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? Scalar(value) : null;

    private static string Scalar(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static List<string>? Strings(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(Scalar).ToList()
            : null;
}
