package dev.pharos.engine.catalog.golang;

import dev.pharos.engine.catalog.CatalogException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses the module text of Go build info, the format {@code runtime/debug.BuildInfo.String()} writes and
 * {@code debug.ParseBuildInfo} reads: one tab-separated line per item,
 * <pre>
 *   path   &lt;main package path&gt;
 *   mod    &lt;module path&gt; &lt;version&gt; [&lt;sum&gt;]     the main module
 *   dep    &lt;module path&gt; &lt;version&gt; [&lt;sum&gt;]     each dependency in the build list
 *   =&gt;     &lt;path&gt; &lt;version&gt; [&lt;sum&gt;]            replaces the module on the line before (go.mod replace)
 *   build  &lt;key&gt;=&lt;value&gt;                        build settings
 * </pre>
 * A replacement is what was compiled in, so it wins over the module it replaces.
 */
final class ModInfoParser {
    private ModInfoParser() {
    }

    static ModInfo parse(String text) {
        Optional<GoModule> main = Optional.empty();
        List<GoModule> deps = new ArrayList<>();
        String previous = "";
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            String[] fields = line.split("\t", -1);
            switch (fields[0]) {
                case "mod" -> main = Optional.of(module(fields, number));
                case "dep" -> deps.add(module(fields, number));
                case "=>" -> {
                    GoModule replacement = module(fields, number);
                    if (previous.equals("mod") && main.isPresent()) {
                        main = Optional.of(replacement);
                    } else if (previous.equals("dep")) {
                        deps.set(deps.size() - 1, replacement);
                    } else {
                        throw new CatalogException("Go build info line " + number + ": replacement without a module");
                    }
                }
                // path, build and lines of later Go versions name no module.
                default -> {
                }
            }
            previous = fields[0];
        }
        return new ModInfo(main, deps);
    }

    private static GoModule module(String[] fields, int number) {
        if (fields.length < 3 || fields.length > 4 || fields[1].isEmpty()) {
            throw new CatalogException("Go build info line " + number + ": expected '" + fields[0]
                    + "<TAB>path<TAB>version[<TAB>sum]'");
        }
        return new GoModule(fields[1], fields[2]);
    }
}
