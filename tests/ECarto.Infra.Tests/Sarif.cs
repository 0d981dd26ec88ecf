using System.Text;
using System.Text.Json;

namespace ECarto.Infra.Tests;

/// <summary>One diagnostic reported by bicep (error, warning or info), from its SARIF output.</summary>
public sealed record BicepDiagnostic(string RuleId, string Level, string Message, string File)
{
    public override string ToString() => $"{File}: {Level} {RuleId}: {Message}";
}

public static class Sarif
{
    /// <summary>
    /// Parses bicep's SARIF output; `--pattern` prints one SARIF document per file, back to back.
    /// </summary>
    public static IReadOnlyList<BicepDiagnostic> Parse(string text)
    {
        var diagnostics = new List<BicepDiagnostic>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return diagnostics;
        }
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
            {
                foreach (var result in run.GetProperty("results").EnumerateArray())
                {
                    diagnostics.Add(new BicepDiagnostic(
                        Json.String(result, "ruleId") ?? "",
                        // SARIF's default level is "warning" (bicep omits it for warnings).
                        Json.String(result, "level") ?? "warning",
                        Json.String(result, "message", "text") ?? "",
                        result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0
                            ? Json.String(locations[0], "physicalLocation", "artifactLocation", "uri") ?? ""
                            : ""));
                }
            }
        }
        return diagnostics;
    }
}
