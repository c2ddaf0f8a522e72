package dev.pharos.engine.vuln.match;

import dev.pharos.engine.vuln.osv.OsvAffected;
import dev.pharos.engine.vuln.osv.OsvEvent;
import dev.pharos.engine.vuln.osv.OsvRange;
import dev.pharos.engine.vuln.version.InvalidVersionException;
import dev.pharos.engine.vuln.version.VersionScheme;
import dev.pharos.engine.vuln.version.VersionSchemes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * OSV's "evaluation of affected ranges" (osv-schema, "Evaluation"): a version is affected by an {@code affected}
 * entry if it is listed in {@code versions} or lies in any of its ranges. Within a range, events are applied in
 * version order: at or above an {@code introduced} it becomes affected, at or above a {@code fixed} or above a
 * {@code last_affected} it stops; {@code limit} bounds the range from above. {@code introduced: "0"} is below every
 * version. {@code GIT} ranges name commits and never match a version.
 */
final class AffectedVersions {
    private static final String ZERO = "0";

    private AffectedVersions() {
    }

    /** The verdict for one affected entry: whether {@code version} is affected and which fixes exist above it. */
    record Verdict(boolean affected, List<String> fixes) {
        static final Verdict NOT_AFFECTED = new Verdict(false, List.of());
    }

    /**
     * @param scheme the ecosystem's comparison, for {@code ECOSYSTEM} ranges and the {@code versions} list
     * @param version an installed version the scheme can read (the caller checks, once per package)
     */
    static Verdict evaluate(OsvAffected affected, String version, VersionScheme scheme) {
        boolean listed = affected.versions().stream().anyMatch(listedVersion -> equal(scheme, listedVersion, version));
        List<String> fixes = new ArrayList<>();
        boolean inRange = false;
        for (OsvRange range : affected.ranges()) {
            Optional<VersionScheme> rangeScheme = switch (range.type()) {
                case SEMVER -> Optional.of(VersionSchemes.semver());
                case ECOSYSTEM -> Optional.of(scheme);
                case GIT -> Optional.empty();
            };
            if (rangeScheme.isPresent() && inRange(range, version, rangeScheme.get(), fixes)) {
                inRange = true;
            }
        }
        return listed || inRange ? new Verdict(true, List.copyOf(fixes)) : Verdict.NOT_AFFECTED;
    }

    /**
     * A range with a version its scheme cannot read is left out: where it starts or ends is unknown, and guessing
     * either way would invent a finding or a fix. The other ranges still count. (The installed version itself was
     * checked by the caller, so an {@link InvalidVersionException} here is the advisory's.)
     */
    private static boolean inRange(OsvRange range, String version, VersionScheme scheme, List<String> fixes) {
        try {
            return evaluateRange(range, version, scheme, fixes);
        } catch (InvalidVersionException e) {
            return false;
        }
    }

    private static boolean evaluateRange(OsvRange range, String version, VersionScheme scheme, List<String> fixes) {
        // limit bounds the whole range from above (osv-schema: versions at or above a limit are outside it),
        // whatever the other events, so an introduced beyond it cannot reopen the range.
        for (OsvEvent event : range.events()) {
            if (event.kind() == OsvEvent.Kind.LIMIT && !event.version().equals("*")
                    && scheme.compare(version, event.version()) >= 0) {
                return false;
            }
        }
        List<OsvEvent> events = new ArrayList<>(range.events());
        events.removeIf(event -> event.kind() == OsvEvent.Kind.LIMIT);
        events.sort(Comparator.comparing(OsvEvent::version, (a, b) -> compare(scheme, a, b)));
        boolean affected = false;
        for (OsvEvent event : events) {
            int relation = event.version().equals(ZERO) && event.kind() == OsvEvent.Kind.INTRODUCED
                    ? 1 : scheme.compare(version, event.version());
            switch (event.kind()) {
                case INTRODUCED -> affected = affected || relation >= 0;
                case FIXED -> {
                    if (relation >= 0) {
                        affected = false;
                    } else if (affected) {
                        // The version's segment ends here. Later events are all above it and open other lines
                        // (Go's "fixed 1.20.12, introduced 1.21.0-0, fixed 1.21.5"): their fixes are not this one.
                        fixes.add(event.version());
                        return true;
                    }
                }
                case LAST_AFFECTED -> affected = affected && relation <= 0;
            }
        }
        return affected;
    }

    /** {@code introduced: "0"} sorts first; everything else by the scheme. */
    private static int compare(VersionScheme scheme, String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (a.equals(ZERO)) {
            return -1;
        }
        if (b.equals(ZERO)) {
            return 1;
        }
        return scheme.compare(a, b);
    }

    private static boolean equal(VersionScheme scheme, String a, String b) {
        try {
            return scheme.compare(a, b) == 0;
        } catch (InvalidVersionException e) {
            return a.equals(b);
        }
    }
}
