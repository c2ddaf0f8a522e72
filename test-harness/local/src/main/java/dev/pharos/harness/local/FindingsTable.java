package dev.pharos.harness.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The open findings of one image ({@code GET /api/v1/images/{digest}}) as a plain text table: severity, id, package,
 * installed and fixed versions, and the path the package was found at, in the api's order (most severe first).
 */
public final class FindingsTable {
    private static final List<String> HEADER = List.of("SEVERITY", "ID", "PACKAGE", "INSTALLED", "FIXED", "PATH");

    private FindingsTable() {
    }

    public static String render(JsonNode imageDetail) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (JsonNode finding : imageDetail.path("findings")) {
            List<String> fixed = new ArrayList<>();
            finding.path("fixedVersions").forEach(version -> fixed.add(version.asText()));
            rows.add(List.of(finding.path("severity").asText("-"), finding.path("id").asText(),
                    finding.path("package").path("name").asText(), finding.path("installedVersion").asText(),
                    fixed.isEmpty() ? "-" : String.join(", ", fixed), finding.path("package").path("path").asText()));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                table.append(i == row.size() - 1 ? cell : cell + " ".repeat(widths[i] - cell.length() + 2));
            }
            table.append('\n');
        }
        return table.append(rows.size() - 1).append(" open findings\n").toString();
    }
}
