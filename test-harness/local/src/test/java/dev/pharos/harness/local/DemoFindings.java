package dev.pharos.harness.local;

import dev.pharos.harness.demo.DemoImage;
import org.assertj.core.groups.Tuple;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.tuple;

/**
 * The findings the demo image has against the demo advisories, exactly: shared by the engine-level check
 * ({@link DemoDataTest}) and the end-to-end ones, which must see the same through the whole pipeline.
 */
final class DemoFindings {
    static final String FAT_JAR_LIB = DemoImage.FAT_JAR + "!/BOOT-INF/lib/";
    static final String LOG4J = FAT_JAR_LIB + "log4j-core-2.14.1.jar";
    private static final String DPKG = "var/lib/dpkg/status";

    private DemoFindings() {
    }

    /** Tuples of (vulnerability id, package name, path, whether a fixed version exists). */
    static List<Tuple> expected() {
        List<Tuple> expected = new ArrayList<>(List.of(
                tuple("CVE-2021-44228", "org.apache.logging.log4j:log4j-core", LOG4J, true),
                tuple("CVE-2021-45046", "org.apache.logging.log4j:log4j-core", LOG4J, true),
                tuple("CVE-2021-45105", "org.apache.logging.log4j:log4j-core", LOG4J, true),
                tuple("CVE-2021-44832", "org.apache.logging.log4j:log4j-core", LOG4J, true),
                tuple("CVE-2020-36518", "com.fasterxml.jackson.core:jackson-databind",
                        FAT_JAR_LIB + "jackson-databind-2.9.10.1.jar", true),
                tuple("CVE-2022-22965", "org.springframework:spring-beans",
                        FAT_JAR_LIB + "spring-beans-5.3.17.jar", true),
                tuple("CVE-2005-2541", "tar", DPKG, false),
                tuple("CVE-2013-4392", "libsystemd-shared", DPKG, false)));
        // OS advisories name the source package and are reported on every binary package built from it.
        for (String glibc : List.of("libc6", "libc6-dev", "libc-dev-bin", "locales")) {
            expected.add(tuple("CVE-2010-4756", glibc, DPKG, false));
            expected.add(tuple("CVE-2019-1010022", glibc, DPKG, false));
        }
        for (String binary : List.of("perl", "libperl5.36")) {
            expected.add(tuple("CVE-2011-4116", binary, DPKG, false));
        }
        for (String binary : List.of("libgssapi-krb5-2", "libkrb5support0")) {
            expected.add(tuple("CVE-2018-5709", binary, DPKG, false));
        }
        return expected;
    }
}
