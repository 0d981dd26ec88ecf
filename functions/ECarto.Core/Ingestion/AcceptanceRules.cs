using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ECarto.Ingestion;

/// <summary>
/// When a parsed file may replace a source's last good data. A file that accepts no row never does; one
/// that accepts fewer rows than a share of the last good run (<see cref="DefaultMinimumShare"/> unless
/// configured) does not either, unless the operator accepts that very file once by its SHA-256.
/// Settings, by source key (the source id with « - » written « _ », so that each name is a valid Azure
/// app setting, e.g. <c>Sources__arcep_fixe__MinimumShareOfLastRun</c>):
/// <list type="bullet">
/// <item><c>Sources:{key}:MinimumShareOfLastRun</c>, else <c>Sources:MinimumShareOfLastRun</c>: a share from 0 to 1
/// (0 turns the check off for that source);</item>
/// <item><c>Sources:{key}:AcceptSha256</c>: the hash of one smaller file to accept (the refused run's record gives it).</item>
/// </list>
/// </summary>
public sealed class AcceptanceRules(IConfiguration configuration)
{
    public const double DefaultMinimumShare = 0.5;

    /// <summary>The source's key in setting names: letters, digits and « _ » only.</summary>
    public static string SettingKey(string sourceId) => sourceId.Replace('-', '_');

    /// <summary>The name of a source's setting as an environment variable or Azure app setting.</summary>
    public static string AppSettingName(string sourceId, string setting) => $"Sources__{SettingKey(sourceId)}__{setting}";

    public double MinimumShare(string sourceId)
    {
        var text = Setting(sourceId, "MinimumShareOfLastRun") ?? configuration["Sources:MinimumShareOfLastRun"];
        if (text is null) return DefaultMinimumShare;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) || share is < 0 or > 1)
        {
            throw new InvalidOperationException($"Paramètre {AppSettingName(sourceId, "MinimumShareOfLastRun")} invalide (« {text} ») : une part entre 0 et 1 est attendue, par exemple 0.5.");
        }
        return share;
    }

    /// <summary>
    /// Why this file must not replace the source's data (in French, for the run record), or null when it
    /// may; <paramref name="lastGood"/> is the source's state left by its last good run, if any.
    /// </summary>
    public string? Refusal(string sourceId, int read, int accepted, SourceState? lastGood, string sha256)
    {
        if (accepted == 0)
        {
            return $"Aucune ligne acceptée ({read} ligne(s) lue(s), toutes rejetées ; voir le rapport des rejets) : " +
                "le fichier n'est pas publié et la source garde ses dernières données valides.";
        }
        if (lastGood is null) return null;
        var last = lastGood.Accepted ?? lastGood.StagedCount;
        var share = MinimumShare(sourceId);
        if (accepted >= share * last) return null;
        if (AcceptedByOperator(sourceId, sha256)) return null;
        // The share formatted on its own (« 50 % »): Stryker cannot compile mutants of a string.Create argument, and left the whole method untested.
        var percent = share.ToString("P0", CultureInfo.GetCultureInfo("fr-FR"));
        return $"Seulement {accepted} ligne(s) acceptée(s) sur {read} lue(s), moins de {percent} des {last} de la dernière exécution valide ({lastGood.RunId}) : " +
            "le fichier n'est pas publié et la source garde ses dernières données valides. S'il est légitimement plus petit, l'accepter une fois avec le paramètre " +
            $"{AppSettingName(sourceId, "AcceptSha256")}={sha256} puis relancer l'ingestion de la source.";
    }

    /// <summary>Whether the operator accepted this file once (the run record notes it).</summary>
    public bool AcceptedByOperator(string sourceId, string sha256) =>
        string.Equals(Setting(sourceId, "AcceptSha256"), sha256, StringComparison.OrdinalIgnoreCase);

    private string? Setting(string sourceId, string name) =>
        configuration[$"Sources:{SettingKey(sourceId)}:{name}"] ?? configuration[$"Sources:{sourceId}:{name}"];
}
