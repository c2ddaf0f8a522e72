package dev.pharos.engine.vuln.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.vuln.Finding;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Findings from Grype's JSON report ({@code grype -o json}): {@code matches[]}, each a {@code vulnerability} (id,
 * severity, fix, cvss), the {@code relatedVulnerabilities} it was joined with (a GHSA's CVE, a distribution
 * record's upstream CVE) and the {@code artifact} it was found in, which carries the purl our SBOM gave it.
 */
final class GrypeReport {
    /** Grype's severity names (from its vulnerability database) to the finding model's levels. */
    private static final Map<String, String> LEVELS = Map.of(
            "critical", "CRITICAL", "high", "HIGH", "medium", "MEDIUM", "low", "LOW",
            // Debian's "unimportant" and Ubuntu's "negligible": a rating below low, not "no impact" (CVSS None).
            "negligible", "LOW",
            "unknown", "UNKNOWN");

    private GrypeReport() {
    }

    static List<Finding> findings(byte[] report, PackageLookup lookup, ObjectMapper json, String engine) {
        JsonNode root;
        try {
            root = json.readTree(report);
        } catch (IOException e) {
            throw EngineFailure.of(PharosException.Kind.INTERNAL, engine, "grype output is not JSON: "
                    + e.getMessage(), e);
        }
        if (root == null || !root.path("matches").isArray()) {
            throw EngineFailure.of(PharosException.Kind.INTERNAL, engine,
                    "grype output is not a JSON report: no matches array");
        }
        FindingSet findings = new FindingSet();
        for (JsonNode match : root.path("matches")) {
            for (ImagePackage pkg : packages(match.path("artifact"), lookup, engine)) {
                findings.add(finding(match, pkg, engine));
            }
        }
        return findings.toList();
    }

    /** By purl, which Grype copies from our SBOM's component; by name and version when it has none. */
    private static List<ImagePackage> packages(JsonNode artifact, PackageLookup lookup, String engine) {
        String purl = artifact.path("purl").asText("");
        List<ImagePackage> found = purl.isEmpty() ? List.of() : lookup.byPurl(purl);
        if (found.isEmpty()) {
            found = lookup.byNameVersion(artifact.path("name").asText(""), artifact.path("version").asText(""), "");
        }
        if (found.isEmpty()) {
            throw EngineFailure.of(PharosException.Kind.INTERNAL, engine, "grype reported a package we did not send: "
                    + (purl.isEmpty() ? artifact.path("name").asText("?") + " " + artifact.path("version").asText("?")
                    : purl));
        }
        return found;
    }

    /**
     * The finding's id is a CVE when the match names one, else Grype's own id; every other id is an alias. Grype
     * reports no modification time, so {@code modified} is the epoch ("unknown").
     */
    private static Finding finding(JsonNode match, ImagePackage pkg, String engine) {
        JsonNode vulnerability = match.path("vulnerability");
        String own = vulnerability.path("id").asText("");
        if (own.isBlank()) {
            throw EngineFailure.of(PharosException.Kind.INTERNAL, engine, "grype reported a match without"
                    + " vulnerability id on " + pkg.pkg().name());
        }
        Set<String> ids = new TreeSet<>();
        ids.add(own);
        match.path("relatedVulnerabilities").forEach(related -> ids.add(related.path("id").asText("")));
        ids.remove("");
        String id = own.startsWith("CVE-") ? own
                : ids.stream().filter(candidate -> candidate.startsWith("CVE-")).findFirst().orElse(own);
        ids.remove(id);
        JsonNode fix = vulnerability.path("fix");
        List<String> fixed = new ArrayList<>();
        fix.path("versions").forEach(version -> fixed.add(version.asText()));
        fixed.removeIf(String::isBlank);
        Finding.FixState state = "fixed".equals(fix.path("state").asText("")) && !fixed.isEmpty()
                ? Finding.FixState.FIXED : Finding.FixState.NOT_FIXED;
        return new Finding(id, new ArrayList<>(ids), pkg, fixed, state, severity(match), Instant.EPOCH);
    }

    /**
     * Grype's level; score and vector from the vulnerability's own CVSS entries, else its related records' (a
     * GHSA's NVD record): v3.x preferred, as the qualitative levels are v3's, then v4.0, then v2.
     */
    private static Finding.Severity severity(JsonNode match) {
        String level = LEVELS.getOrDefault(match.path("vulnerability").path("severity").asText("")
                .toLowerCase(Locale.ROOT), "UNKNOWN");
        List<JsonNode> entries = new ArrayList<>();
        match.path("vulnerability").path("cvss").forEach(entries::add);
        match.path("relatedVulnerabilities").forEach(related -> related.path("cvss").forEach(entries::add));
        for (String major : List.of("3", "4", "2")) {
            for (JsonNode entry : entries) {
                String vector = entry.path("vector").asText("");
                if (entry.path("version").asText("").startsWith(major) && !vector.isEmpty()) {
                    double score = entry.path("metrics").path("baseScore").asDouble(0);
                    return new Finding.Severity(level, score > 0 ? Optional.of(score) : Optional.empty(),
                            Optional.of(vector));
                }
            }
        }
        return new Finding.Severity(level, Optional.empty(), Optional.empty());
    }
}
