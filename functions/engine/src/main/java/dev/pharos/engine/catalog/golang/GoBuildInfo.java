package dev.pharos.engine.catalog.golang;

/**
 * The two strings a Go linker embeds in every binary ({@code runtime/debug.BuildInfo} before parsing).
 *
 * @param goVersion the toolchain, e.g. {@code go1.21.5} or {@code go1.22.0 X:boringcrypto}
 * @param modInfo   the module text between its sentinels ({@code path}, {@code mod}, {@code dep}, {@code =>},
 *                  {@code build} lines); empty for binaries built outside module mode
 */
record GoBuildInfo(String goVersion, String modInfo) {
}
