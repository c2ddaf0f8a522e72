package dev.pharos.engine.catalog.golang;

import java.util.List;
import java.util.Optional;

/** The module part of Go build info: the main module (absent for builds outside module mode) and dependencies. */
record ModInfo(Optional<GoModule> main, List<GoModule> deps) {
    ModInfo {
        deps = List.copyOf(deps);
    }
}
