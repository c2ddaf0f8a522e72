package dev.pharos.engine.vuln.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.vuln.Finding;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Findings from a Trivy {@code ScanResponse} (Trivy {@code rpc/scanner/service.proto}; vulnerabilities are
 * {@code trivy.common.Vulnerability}). Twirp writes protojson: proto field names, enums by name, timestamps as
 * RFC 3339 strings, and, with Twirp's defaults, empty fields as {@code ""}, {@code []} or {@code null}.
 */
final class TrivyResults {
    /** Trivy's {@code dbTypes.Status} number for "not affected" (the proto carries the status as an int32). */
    private static final int STATUS_NOT_AFFECTED = 1;
    /** The proto's {@code Severity} enum, by number, for servers that write enums as numbers. */
    private static final List<String> SEVERITIES = List.of("UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL");

    private TrivyResults() {
    }

    static List<Finding> findings(JsonNode response, PackageLookup lookup, String engine) {
        if (response == null || !response.isObject()) {
            throw EngineFailure.of(PharosException.Kind.INTERNAL, engine, "Scan answer is not a JSON object");
        }
        FindingSet findings = new FindingSet();
        for (JsonNode result : response.path("results")) {
            for (JsonNode vulnerability : result.path("vulnerabilities")) {
                if (notAffected(vulnerability.path("status"))) {
                    continue;
                }
                for (ImagePackage pkg : packages(vulnerability, lookup, engine)) {
                    findings.add(finding(vulnerability, pkg, engine));
                }
            }
        }
        return findings.toList();
    }

    /**
     * The packages a vulnerability is about: by the {@code id} we gave each package (Trivy copies it into
     * {@code pkg_id}); failing that by purl, then by name, installed version and path. Trivy's OS detectors report
     * {@code installed_version} as {@code epoch:version-release}, the dpkg and rpm version we sent split.
     */
    private static List<ImagePackage> packages(JsonNode vulnerability, PackageLookup lookup, String engine) {
        String pkgId = vulnerability.path("pkg_id").asText("");
        if (pkgId.startsWith(TrivyBlob.ID_PREFIX)) {
            Optional<ImagePackage> byId = index(pkgId.substring(TrivyBlob.ID_PREFIX.length())).flatMap(lookup::at);
            if (byId.isPresent()) {
                return List.of(byId.get());
            }
        }
        String path = vulnerability.path("pkg_path").asText("");
        String purl = vulnerability.path("pkg_identifier").path("purl").asText("");
        List<ImagePackage> found = purl.isEmpty() ? List.of() : lookup.byPurl(purl).stream()
                .filter(p -> path.isEmpty() || p.pkg().path().equals(path)).toList();
        if (found.isEmpty()) {
            found = lookup.byNameVersion(vulnerability.path("pkg_name").asText(""),
                    vulnerability.path("installed_version").asText(""), path);
        }
        if (found.isEmpty()) {
            throw EngineFailure.of(PharosException.Kind.INTERNAL, engine, "Trivy reported "
                    + vulnerability.path("vulnerability_id").asText("a vulnerability") + " on a package we did not send: "
                    + vulnerability.path("pkg_name").asText("?") + " " + vulnerability.path("installed_version")
                    .asText("?") + (pkgId.isEmpty() ? "" : " (pkg_id " + pkgId + ")"));
        }
        return found;
    }

    private static Finding finding(JsonNode vulnerability, ImagePackage pkg, String engine) {
        String id = vulnerability.path("vulnerability_id").asText("");
        if (id.isBlank()) {
            throw EngineFailure.of(PharosException.Kind.INTERNAL, engine, "Trivy reported a vulnerability without id"
                    + " on " + pkg.pkg().name());
        }
        Set<String> aliases = new TreeSet<>();
        vulnerability.path("vendor_ids").forEach(alias -> aliases.add(alias.asText()));
        aliases.remove(id);
        aliases.remove("");
        // Trivy joins several fixed versions (one per affected branch) with ", " (its library detectors).
        List<String> fixed = Arrays.stream(vulnerability.path("fixed_version").asText("").split(","))
                .map(String::strip).filter(version -> !version.isEmpty()).toList();
        return new Finding(id, new ArrayList<>(aliases), pkg, fixed,
                fixed.isEmpty() ? Finding.FixState.NOT_FIXED : Finding.FixState.FIXED,
                severity(vulnerability), modified(vulnerability, engine));
    }

    private static boolean notAffected(JsonNode status) {
        return status.isInt() && status.intValue() == STATUS_NOT_AFFECTED
                || status.isTextual() && status.textValue().equalsIgnoreCase("not_affected");
    }

    /**
     * The level is Trivy's own choice (the vendor's rating when it has one, else NVD's). The score and vector come
     * from the CVSS of the source that chose the level, else NVD, else any: v3.x preferred, as the qualitative
     * levels are v3's, then v4.0, then v2.
     */
    private static Finding.Severity severity(JsonNode vulnerability) {
        JsonNode severity = vulnerability.path("severity");
        String level = severity.isInt() && severity.intValue() >= 0 && severity.intValue() < SEVERITIES.size()
                ? SEVERITIES.get(severity.intValue())
                : severity.asText("UNKNOWN").toUpperCase(Locale.ROOT);
        if (!SEVERITIES.contains(level)) {
            level = "UNKNOWN";
        }
        JsonNode cvss = vulnerability.path("cvss");
        List<String> sources = new ArrayList<>();
        sources.add(vulnerability.path("severity_source").asText(""));
        sources.add("nvd");
        new TreeSet<String>(fieldNames(cvss)).forEach(sources::add);
        for (String prefix : List.of("v3", "v40", "v2")) {
            for (String source : sources) {
                JsonNode entry = cvss.path(source);
                String vector = entry.path(prefix + "_vector").asText("");
                if (!vector.isEmpty()) {
                    double score = entry.path(prefix + "_score").asDouble(0);
                    return new Finding.Severity(level, score > 0 ? Optional.of(score) : Optional.empty(),
                            Optional.of(vector));
                }
            }
        }
        return new Finding.Severity(level, Optional.empty(), Optional.empty());
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Trivy's {@code last_modified_date}, else its {@code published_date}; the epoch when it gives neither. */
    private static Instant modified(JsonNode vulnerability, String engine) {
        for (String field : List.of("last_modified_date", "published_date")) {
            String value = vulnerability.path(field).asText("");
            if (!value.isEmpty()) {
                try {
                    return Instant.parse(value);
                } catch (DateTimeParseException e) {
                    throw EngineFailure.of(PharosException.Kind.INTERNAL, engine, field + " of "
                            + vulnerability.path("vulnerability_id").asText() + " is not RFC 3339: " + value, e);
                }
            }
        }
        return Instant.EPOCH;
    }

    private static Optional<Integer> index(String digits) {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(digits));
    }
}
