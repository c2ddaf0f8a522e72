package dev.pharos.engine.vuln.cvss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits {@code M:V/M:V/...} into metric values, checking each against the metrics one CVSS version defines.
 * Metric order is not enforced: CVSS v3.x allows any order (v3.1 specification section 6) and advisories in the
 * wild do not always follow v4.0's preferred order; what makes a vector ambiguous (a repeated metric) or
 * meaningless (an unknown metric or value, a missing base metric) is refused.
 */
final class VectorParser {
    private VectorParser() {
    }

    /**
     * @param version   for messages, e.g. {@code CVSS:3.1}
     * @param body      the vector without its version prefix
     * @param defined   every metric of the version, with its allowed values
     * @param mandatory the base metrics that must be present
     * @return the metrics present, in vector order
     */
    static Map<String, String> parse(String version, String body, Map<String, List<String>> defined,
                                     List<String> mandatory) {
        Map<String, String> values = new LinkedHashMap<>();
        if (body.isEmpty()) {
            throw new CvssException(version + " vector has no metrics");
        }
        for (String part : body.split("/", -1)) {
            int colon = part.indexOf(':');
            if (colon <= 0 || colon == part.length() - 1) {
                throw new CvssException(version + " vector has a malformed component '" + part
                        + "' (expected METRIC:VALUE)");
            }
            String metric = part.substring(0, colon);
            String value = part.substring(colon + 1);
            List<String> allowed = defined.get(metric);
            if (allowed == null) {
                throw new CvssException(version + " vector has unknown metric '" + metric + "'");
            }
            if (!allowed.contains(value)) {
                throw new CvssException(version + " vector has invalid value '" + value + "' for metric '" + metric
                        + "' (allowed: " + String.join(", ", allowed) + ")");
            }
            if (values.putIfAbsent(metric, value) != null) {
                throw new CvssException(version + " vector has metric '" + metric + "' more than once");
            }
        }
        for (String metric : mandatory) {
            if (!values.containsKey(metric)) {
                throw new CvssException(version + " vector lacks mandatory base metric '" + metric + "'");
            }
        }
        return values;
    }
}
