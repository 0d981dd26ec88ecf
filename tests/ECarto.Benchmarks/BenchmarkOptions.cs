using System.Globalization;

namespace ECarto.Benchmarks;

/// <summary>The command line: <c>dotnet run -c Release --project tests/ECarto.Benchmarks [-- options]</c>.</summary>
public sealed record BenchmarkOptions
{
    public int Schools { get; init; } = 66_000;
    public int Seed { get; init; } = 20241126;

    /// <summary>Entities of the baseline's deterministic sample (every n-th row of each source and entity of each table).</summary>
    public int BaselineSample { get; init; } = 10_000;

    /// <summary>The whole baseline is written when its estimate (from the sample) is under this; else it is extrapolated.</summary>
    public TimeSpan BaselineBudget { get; init; } = TimeSpan.FromMinutes(10);

    public bool FullBaseline { get; init; }

    /// <summary>Also measure the batched writer at several degrees of parallelism, and serialization alone.</summary>
    public bool Diagnostics { get; init; }

    /// <summary>PID of an Azurite given by ECARTO_TEST_STORAGE, to measure its CPU too.</summary>
    public int? AzuritePid { get; init; }

    /// <summary>Only write the derived annuaire into this folder (kept), then stop: to look at it or compare two runs.</summary>
    public string? InputOnly { get; init; }

    public bool Help { get; init; }

    /// <summary>Run the search benchmark (issue 10) instead of the ingestion one: no storage involved.</summary>
    public bool Search { get; init; }

    /// <summary>With the search benchmark: the same measures with Lucene.Net 4.8 (comparison only, not in the product).</summary>
    public bool SearchLucene { get; init; }

    /// <summary>Mixed queries of the search benchmark, after as many for warm-up.</summary>
    public int SearchQueries { get; init; } = 4_000;
    /// <summary>Measure the national Excel export instead of the ingestion (no storage needed).</summary>
    public bool Xlsx { get; init; }

    /// <summary>With <see cref="Xlsx"/>: leave out the ClosedXML baseline (long, and gigabytes of memory).</summary>
    public bool XlsxSkipClosedXml { get; init; }

    public const string Usage = """
        Banc d'essai de l'ingestion eCarto (issue 3).

          dotnet run -c Release --project tests/ECarto.Benchmarks [-- options]

          --schools N            établissements de l'annuaire national dérivé (66000)
          --seed N               graine du générateur (20241126)
          --baseline-sample N    entités de l'échantillon de la référence un par un (10000)
          --baseline-budget S    secondes au-delà desquelles la référence complète est extrapolée (600)
          --full-baseline        écrire toute la référence un par un, quelle que soit sa durée
          --diagnostics          mesurer aussi : écriture par lots à 1, 2, 4, 8, 16, 32 en parallèle, par table ;
                                 entités allégées de leurs colonnes JSON ; lecture seule de chaque source
          --input-only DOSSIER   écrire seulement l'annuaire dérivé dans DOSSIER (conservé), sans stockage, puis s'arrêter
          --azurite-pid N        PID de l'Azurite de ECARTO_TEST_STORAGE, pour mesurer aussi son CPU
          --search               banc d'essai de la recherche (issue 10) au lieu de l'ingestion : index national
                                 (établissements dérivés + toutes les communes), suggestions et recherches filtrées
          --search-queries N     requêtes mélangées mesurées, après autant d'échauffement (4000)
          --search-lucene        avec --search (qu'elle implique) : les mêmes mesures et le jeu de requêtes avec
                                 Lucene.Net 4.8.0-beta00017, pour comparaison (jamais dans le produit)
          --xlsx                 mesurer plutôt l'export Excel national (--schools lignes, sans stockage) :
                                 SpreadCheetah, MiniExcel et ClosedXML sur les mêmes lignes, durée et mémoire max
          --xlsx-sans-closedxml  avec --xlsx : ne pas mesurer ClosedXML (long et gourmand)
          --help                 cette aide

        Stockage : Azurite en mémoire lancé par le banc, sauf si ECARTO_TEST_STORAGE donne une chaîne de connexion.
        """;

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} : valeur attendue.");
            int Int(string name) => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v : throw new ArgumentException($"{name} : entier positif attendu.");
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                // --schools=66000 is the same as --schools 66000.
                var rest = new List<string>(args[..i]) { arg[..eq], arg[(eq + 1)..] };
                rest.AddRange(args[(i + 1)..]);
                return Parse([.. rest]);
            }
            options = arg switch
            {
                "--schools" => options with { Schools = Int(arg) },
                "--seed" => options with { Seed = Int(arg) },
                "--baseline-sample" => options with { BaselineSample = Int(arg) },
                "--baseline-budget" => options with { BaselineBudget = TimeSpan.FromSeconds(Int(arg)) },
                "--full-baseline" => options with { FullBaseline = true },
                "--diagnostics" => options with { Diagnostics = true },
                "--azurite-pid" => options with { AzuritePid = Int(arg) },
                "--input-only" => options with { InputOnly = Value() },
                "--search" => options with { Search = true },
                "--search-queries" => options with { SearchQueries = Int(arg) },
                "--search-lucene" => options with { Search = true, SearchLucene = true },
                "--xlsx" => options with { Xlsx = true },
                "--xlsx-sans-closedxml" => options with { XlsxSkipClosedXml = true },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Option inconnue : {arg}"),
            };
        }
        return options;
    }
}
