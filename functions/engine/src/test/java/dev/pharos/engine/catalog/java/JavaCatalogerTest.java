package dev.pharos.engine.catalog.java;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.catalog.CatalogFixtures;
import dev.pharos.engine.catalog.Catalogued;
import dev.pharos.engine.catalog.Catalogers;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.SpooledContent;
import dev.pharos.engine.catalog.Unknown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The expected coordinates come from the real jars' own metadata (read with {@code unzip -p}): log4j-core 2.14.1
 * and jackson-databind 2.9.10.1 carry {@code META-INF/maven/.../pom.properties}; spring-beans and spring-core 5.3.17
 * (built with Gradle) carry only a manifest ({@code Implementation-Title: spring-beans},
 * {@code Implementation-Version: 5.3.17}, {@code Automatic-Module-Name: spring.beans}) and no groupId anywhere: their
 * group, {@code org.springframework}, is the one they are published under in Maven Central (the coordinates the
 * build fetches them by), found from their class layout ({@code unzip -Z1}: every class of spring-beans is under
 * {@code org/springframework/beans/}; 461 of spring-core's 976 under {@code org/springframework/core/}).
 */
class JavaCatalogerTest {
    private static final String BOOT_MANIFEST = """
            Manifest-Version: 1.0
            Main-Class: org.springframework.boot.loader.JarLauncher
            Start-Class: com.example.demo.DemoApplication

            """;

    private final JavaCataloger cataloger = new JavaCataloger();

    @TempDir
    Path root;

    @Test
    void springBootFatJarListsItselfAndEveryJarInBootInfLib() throws IOException {
        Jars.archive()
                .text("META-INF/MANIFEST.MF", BOOT_MANIFEST)
                .text("META-INF/maven/com.example/demo/pom.properties",
                        "groupId=com.example\nartifactId=demo\nversion=0.0.1-SNAPSHOT\n")
                .add("BOOT-INF/classes/com/example/demo/DemoApplication.class", new byte[]{(byte) 0xCA, (byte) 0xFE})
                .stored("BOOT-INF/lib/log4j-core-2.14.1.jar", Files.readAllBytes(Jars.LOG4J_CORE))
                .stored("BOOT-INF/lib/jackson-databind-2.9.10.1.jar", Files.readAllBytes(Jars.JACKSON_DATABIND))
                .stored("BOOT-INF/lib/spring-beans-5.3.17.jar", Files.readAllBytes(Jars.SPRING_BEANS))
                .writeTo(root.resolve("app/demo.jar"));

        var result = CatalogFixtures.catalog(cataloger, root);

        String lib = "app/demo.jar!/BOOT-INF/lib/";
        assertThat(result.packages()).containsExactlyInAnyOrder(
                maven("com.example:demo", "0.0.1-SNAPSHOT", "pkg:maven/com.example/demo@0.0.1-SNAPSHOT", "app/demo.jar"),
                log4jCore(lib + "log4j-core-2.14.1.jar"),
                jacksonDatabind(lib + "jackson-databind-2.9.10.1.jar"),
                springBeans(lib + "spring-beans-5.3.17.jar"));
        assertThat(result.unknowns()).isEmpty();
    }

    @Test
    void fullyExecutableJarWithALaunchScriptInFrontIsReadThroughItsCentralDirectory() throws IOException {
        // Spring Boot's "executable" jars start with a shell script; zip readers find the central directory from
        // the end of the file (APPNOTE.TXT 4.3.16), so the script in front does not matter.
        byte[] jar = Jars.archive()
                .text("META-INF/maven/com.example/svc/pom.properties", "groupId=com.example\nartifactId=svc\nversion=1.4\n")
                .stored("BOOT-INF/lib/log4j-core-2.14.1.jar", Files.readAllBytes(Jars.LOG4J_CORE))
                .bytes();
        byte[] script = "#!/bin/bash\nexec java -jar \"$0\" \"$@\"\n".getBytes();
        byte[] executable = Arrays.copyOf(script, script.length + jar.length);
        System.arraycopy(jar, 0, executable, script.length, jar.length);
        Files.createDirectories(root.resolve("opt/svc"));
        Files.write(root.resolve("opt/svc/svc.jar"), executable);

        var result = CatalogFixtures.catalog(cataloger, root);

        assertThat(result.unknowns()).isEmpty();
        assertThat(result.packages()).containsExactlyInAnyOrder(
                maven("com.example:svc", "1.4", "pkg:maven/com.example/svc@1.4", "opt/svc/svc.jar"),
                log4jCore("opt/svc/svc.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar"));
    }

    @Test
    void earWithWarWithWebInfLibIsWalkedTwoLevelsDown() throws IOException {
        byte[] war = Jars.archive()
                .text("WEB-INF/web.xml", "<web-app/>")
                .add("WEB-INF/lib/log4j-core-2.14.1.jar", Files.readAllBytes(Jars.LOG4J_CORE))
                .add("WEB-INF/lib/jackson-databind-2.9.10.1.jar", Files.readAllBytes(Jars.JACKSON_DATABIND))
                .add("WEB-INF/lib/spring-beans-5.3.17.jar", Files.readAllBytes(Jars.SPRING_BEANS))
                .bytes();
        Jars.archive().text("META-INF/application.xml", "<application/>").add("shop.war", war)
                .writeTo(root.resolve("opt/jboss/deployments/shop.ear"));

        var result = CatalogFixtures.catalog(cataloger, root);

        String lib = "opt/jboss/deployments/shop.ear!/shop.war!/WEB-INF/lib/";
        assertThat(result.packages()).containsExactlyInAnyOrder(log4jCore(lib + "log4j-core-2.14.1.jar"),
                jacksonDatabind(lib + "jackson-databind-2.9.10.1.jar"), springBeans(lib + "spring-beans-5.3.17.jar"));
        assertThat(result.unknowns()).isEmpty();
    }

    @Test
    void archivesNestedDeeperThanTheLimitAreUnknownsAndTheRestIsStillListed() throws IOException {
        byte[] war = Jars.archive()
                .text("META-INF/maven/com.example/shop/pom.properties",
                        "groupId=com.example\nartifactId=shop\nversion=2.0\n")
                .add("WEB-INF/lib/log4j-core-2.14.1.jar", Files.readAllBytes(Jars.LOG4J_CORE))
                .bytes();
        Path ear = Jars.archive().add("shop.war", war).writeTo(root.resolve("shop.ear"));

        Catalogued found = parse(ear, limits(1, 512L << 20, 16L << 30));

        assertThat(found.packages()).containsExactly(
                maven("com.example:shop", "2.0", "pkg:maven/com.example/shop@2.0", "shop.ear!/shop.war"));
        assertThat(found.unknowns()).singleElement().satisfies(unknown -> {
            assertThat(unknown.path()).isEqualTo("shop.ear!/shop.war!/WEB-INF/lib/log4j-core-2.14.1.jar");
            assertThat(unknown.cataloger()).isEqualTo("java");
            assertThat(unknown.reason()).contains("maxArchiveDepth (1)");
        });
    }

    @Test
    void shadedJarReportsEveryPomPropertiesOnceEach() throws IOException {
        String log4jPom = "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties";
        String jacksonPom = "META-INF/maven/com.fasterxml.jackson.core/jackson-databind/pom.properties";
        Jars.archive()
                .text("META-INF/maven/com.example/uber/pom.properties",
                        "groupId=com.example\nartifactId=uber\nversion=3.1\n")
                .add(log4jPom, Jars.entry(Jars.LOG4J_CORE, log4jPom))
                .add(jacksonPom, Jars.entry(Jars.JACKSON_DATABIND, jacksonPom))
                // a relocated copy whose properties name the same coordinates: one package, not two
                .add("META-INF/maven/org.apache.logging.log4j/log4j-core-relocated/pom.properties",
                        Jars.entry(Jars.LOG4J_CORE, log4jPom))
                .copyOf(Jars.LOG4J_CORE, name -> name.startsWith("org/apache/logging/log4j/core/Logger"))
                .writeTo(root.resolve("app/uber-3.1.jar"));

        var result = CatalogFixtures.catalog(cataloger, root);

        assertThat(result.unknowns()).isEmpty();
        assertThat(result.packages()).containsExactlyInAnyOrder(
                maven("com.example:uber", "3.1", "pkg:maven/com.example/uber@3.1", "app/uber-3.1.jar"),
                log4jCore("app/uber-3.1.jar"), jacksonDatabind("app/uber-3.1.jar"));
    }

    @Test
    void manifestIdentifiesAJarWithoutPomProperties() throws IOException {
        // The real log4j-core with its pom.properties left out: the manifest's Implementation-Vendor-Id gives the
        // group, its prose Implementation-Title ("Apache Log4j Core") is passed over for the file name's artifactId.
        // Its classes (org/apache/logging/log4j/core/) would suggest org.apache.logging.log4j too; the manifest wins.
        Jars.archive().copyOf(Jars.LOG4J_CORE, name -> !name.startsWith("META-INF/maven/"))
                .writeTo(root.resolve("usr/share/java/log4j-core-2.14.1.jar"));

        var result = CatalogFixtures.catalog(cataloger, root);

        assertThat(result.unknowns()).isEmpty();
        assertThat(result.packages()).containsExactly(log4jCore("usr/share/java/log4j-core-2.14.1.jar"));
    }

    @Test
    void gradleBuiltSpringJarsTakeTheirGroupFromTheirClassLayout() throws IOException {
        Files.createDirectories(root.resolve("usr/share/java"));
        Files.copy(Jars.SPRING_BEANS, root.resolve("usr/share/java/spring-beans-5.3.17.jar"));
        // renamed: the artifactId then comes from Implementation-Title, not from the file name
        Files.copy(Jars.SPRING_CORE, root.resolve("usr/share/java/core.jar"));

        var result = CatalogFixtures.catalog(cataloger, root);

        assertThat(result.unknowns()).isEmpty();
        assertThat(result.packages()).containsExactlyInAnyOrder(
                springBeans("usr/share/java/spring-beans-5.3.17.jar"),
                maven("org.springframework:spring-core", "5.3.17", "pkg:maven/org.springframework/spring-core@5.3.17",
                        "usr/share/java/core.jar"));
    }

    @Test
    void withoutTheAutomaticModuleNameHintSpringCoreStaysAnUnknown() throws IOException {
        // org/springframework/core holds 461 of spring-core's 976 classes, no majority: only the manifest's
        // Automatic-Module-Name (spring.core) says which subpackage is the artifact's own
        Jars.archive().text("META-INF/MANIFEST.MF",
                        "Manifest-Version: 1.0\nImplementation-Title: spring-core\nImplementation-Version: 5.3.17\n\n")
                .copyOf(Jars.SPRING_CORE, name -> !name.equals("META-INF/MANIFEST.MF"))
                .writeTo(root.resolve("lib/spring-core-5.3.17.jar"));

        var result = CatalogFixtures.catalog(cataloger, root);

        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).extracting(Unknown::path).containsExactly("lib/spring-core-5.3.17.jar");
    }

    @Test
    void classesInTheArtifactsOwnPackageGiveTheGroupDespiteStraysAndOtherVersions() throws IOException {
        byte[] cafe = {(byte) 0xCA, (byte) 0xFE};
        var jar = Jars.archive()
                .add("org/apache/commons/lang3/StringUtils.class", cafe)
                .add("org/apache/commons/lang3/text/StrBuilder.class", cafe)
                .add("org/apache/commons/lang3/tuple/Pair.class", cafe)
                // a relocated dependency and a class in the default package: a minority, not the root
                .add("shaded/okio/Buffer.class", cafe)
                .add("Main.class", cafe)
                // ignored: the module descriptor, and multi-release versions of classes (JAR File Specification)
                .add("module-info.class", cafe);
        for (int i = 0; i < 10; i++) {
            jar.add("META-INF/versions/11/com/example/other/C" + i + ".class", cafe);
        }
        jar.writeTo(root.resolve("lib/commons-lang3-3.12.0.jar"));

        var result = CatalogFixtures.catalog(cataloger, root);

        assertThat(result.unknowns()).isEmpty();
        assertThat(result.packages()).containsExactly(maven("org.apache.commons:commons-lang3", "3.12.0",
                "pkg:maven/org.apache.commons/commons-lang3@3.12.0", "lib/commons-lang3-3.12.0.jar"));
    }

    @Test
    void classesThatDoNotShowTheArtifactsPackageLeaveItAnUnknown() throws IOException {
        byte[] cafe = {(byte) 0xCA, (byte) 0xFE};
        // no common root, no majority
        Jars.archive().add("com/acme/widgets/Widget.class", cafe).add("org/other/widgets/Gadget.class", cafe)
                .writeTo(root.resolve("lib/widgets-1.0.jar"));
        // a majority root, but its last segment is not the artifactId's end ("mywidgets" is not "-widgets")
        Jars.archive().add("com/acme/widgets/Widget.class", cafe).writeTo(root.resolve("lib/mywidgets-1.0.jar"));
        // the module name alone, with no such package in the archive, names nothing
        Jars.archive().text("META-INF/MANIFEST.MF", """
                        Manifest-Version: 1.0
                        Implementation-Title: acme-tools
                        Implementation-Version: 2.0
                        Automatic-Module-Name: com.acme.tools

                        """)
                .add("com/acme/gadgets/Gadget.class", cafe).writeTo(root.resolve("lib/acme-tools.jar"));
        // a package segment that is a Java identifier but no Maven groupId ([A-Za-z0-9_.-]): no group
        Jars.archive().add("com/caf\u00e9/gadgets/Gadget.class", cafe).writeTo(root.resolve("lib/gadgets-1.0.jar"));
        // org.jsoup would give the group "org": one segment is no reversed domain
        Jars.archive().add("org/jsoup/Jsoup.class", cafe).writeTo(root.resolve("lib/jsoup-1.14.3.jar"));

        var result = CatalogFixtures.catalog(cataloger, root);

        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).extracting(Unknown::path, Unknown::reason).containsExactlyInAnyOrder(
                tuple("lib/widgets-1.0.jar", noGroup("widgets 1.0")),
                tuple("lib/mywidgets-1.0.jar", noGroup("mywidgets 1.0")),
                tuple("lib/acme-tools.jar", noGroup("acme-tools 2.0")),
                tuple("lib/gadgets-1.0.jar", noGroup("gadgets 1.0")),
                tuple("lib/jsoup-1.14.3.jar", noGroup("jsoup 1.14.3")));
    }

    @Test
    void osgiSymbolicNameEndingInTheArtifactIdGivesTheGroup() throws IOException {
        Jars.archive().text("META-INF/MANIFEST.MF", """
                        Manifest-Version: 1.0
                        Bundle-SymbolicName: org.example.widgets;singleton:=true
                        Bundle-Version: 4.2.0

                        """)
                .writeTo(root.resolve("plugins/widgets-4.2.0.jar"));

        var result = CatalogFixtures.catalog(cataloger, root);

        assertThat(result.unknowns()).isEmpty();
        assertThat(result.packages()).containsExactly(maven(
                "org.example:widgets", "4.2.0", "pkg:maven/org.example/widgets@4.2.0", "plugins/widgets-4.2.0.jar"));
    }

    @Test
    void fileNameIsTheLastResortAndWithoutAGroupOnlyAnUnknown() throws IOException {
        Jars.archive().text("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nCreated-By: hand\n\n")
                .writeTo(root.resolve("lib/guava-31.1-jre.jar"));
        Jars.archive().add("App.class", new byte[]{(byte) 0xCA, (byte) 0xFE}).writeTo(root.resolve("lib/app.jar"));

        var result = CatalogFixtures.catalog(cataloger, root);

        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).extracting(Unknown::path, Unknown::reason)
                .containsExactly(tuple("lib/guava-31.1-jre.jar", noGroup("guava 31.1-jre")));
    }

    @Test
    void corruptNestedJarIsAnUnknownAndItsSiblingsAreStillListed() throws IOException {
        byte[] log4j = Files.readAllBytes(Jars.LOG4J_CORE);
        Jars.archive()
                .add("WEB-INF/lib/log4j-core-2.14.1.jar", log4j)
                .add("WEB-INF/lib/not-a-zip-1.0.jar", "plain text, not a zip".getBytes())
                .add("WEB-INF/lib/truncated-1.0.jar", Arrays.copyOf(log4j, log4j.length / 2))
                .writeTo(root.resolve("webapps/ROOT.war"));

        var result = CatalogFixtures.catalog(cataloger, root);

        assertThat(result.packages()).containsExactly(log4jCore("webapps/ROOT.war!/WEB-INF/lib/log4j-core-2.14.1.jar"));
        assertThat(result.unknowns()).extracting(Unknown::path).containsExactlyInAnyOrder(
                "webapps/ROOT.war!/WEB-INF/lib/not-a-zip-1.0.jar", "webapps/ROOT.war!/WEB-INF/lib/truncated-1.0.jar");
        assertThat(result.unknowns()).extracting(Unknown::reason)
                .anySatisfy(reason -> assertThat(reason).contains("not a zip archive"));
    }

    @Test
    void malformedPomPropertiesMakesThatNestedJarAnUnknown() throws IOException {
        Jars.archive()
                .add("WEB-INF/lib/bad-escape-1.0.jar", Jars.archive().text(
                        "META-INF/maven/org.example/bad-escape/pom.properties", "version=1.0\\uZZZZ\n").bytes())
                .add("WEB-INF/lib/log4j-core-2.14.1.jar", Files.readAllBytes(Jars.LOG4J_CORE))
                .writeTo(root.resolve("app.war"));

        var result = CatalogFixtures.catalog(cataloger, root);

        assertThat(result.packages()).containsExactly(log4jCore("app.war!/WEB-INF/lib/log4j-core-2.14.1.jar"));
        assertThat(result.unknowns()).singleElement().satisfies(unknown -> {
            assertThat(unknown.path()).isEqualTo("app.war!/WEB-INF/lib/bad-escape-1.0.jar");
            assertThat(unknown.reason()).startsWith("malformed META-INF/maven/org.example/bad-escape/pom.properties");
        });
    }

    @Test
    void isFoundAsACatalogerBean() {
        assertThat(Catalogers.discover().all()).filteredOn(JavaCataloger.class::isInstance).hasSize(1);
    }

    @Test
    void corruptOutermostArchiveFailsTheFile() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("java", "corrupt"));

        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).singleElement().satisfies(unknown -> {
            assertThat(unknown.path()).isEqualTo("opt/app/lib/broken-1.0.jar");
            assertThat(unknown.reason()).startsWith("not a readable zip archive");
        });
    }

    @Test
    void treeWithoutArchivesHasNothingWanted() {
        Path sad = CatalogFixtures.scenario("java", "sad");

        assertThat(CatalogFixtures.wanted(cataloger, sad)).isEmpty();
        CatalogFixtures.assertGolden(CatalogFixtures.catalog(cataloger, sad), "catalog/java/sad.golden.json");
    }

    @Test
    void nestedJarLargerThanMaxFileBytesIsAnUnknown() throws IOException {
        byte[] noise = new byte[64 << 10];
        new java.util.Random(42).nextBytes(noise); // incompressible: the nested jar itself is over 16 KiB
        Path war = Jars.archive().add("WEB-INF/lib/big-1.0.jar", Jars.archive().add("data.bin", noise).bytes())
                .writeTo(root.resolve("big.war"));

        Catalogued found = parse(war, limits(4, 16 << 10, 16L << 30));

        assertThat(found.packages()).isEmpty();
        assertThat(found.unknowns()).singleElement().satisfies(unknown -> {
            assertThat(unknown.path()).isEqualTo("big.war!/WEB-INF/lib/big-1.0.jar");
            assertThat(unknown.reason()).contains("maxFileBytes");
        });
    }

    @Test
    void zipBombStopsAtTheInflationBudget() throws IOException {
        // 64 MiB of zeros deflate to about 64 KiB; nested twice, the file stays small and inflates a lot
        byte[] inner = Jars.archive().add("zeros.bin", new byte[64 << 20]).bytes();
        Path bomb = Jars.archive().add("WEB-INF/lib/a-1.0.jar", inner).add("WEB-INF/lib/b-1.0.jar", inner)
                .writeTo(root.resolve("bomb.war"));
        assertThat(Files.size(bomb)).isLessThan(1 << 20);

        assertThatThrownBy(() -> parse(bomb, limits(4, 512L << 20, 100L << 20)))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED))
                .hasMessageContaining("maxUncompressedBytes");
    }

    @Test
    void wantsJavaArchivesByExtensionOnly() {
        assertThat(cataloger.wants(new FileEntry("app/app.jar", 10, 0644))).isTrue();
        assertThat(cataloger.wants(new FileEntry("usr/local/tomcat/webapps/ROOT.WAR", 10, 0644))).isTrue();
        assertThat(cataloger.wants(new FileEntry("deploy/app.ear", 10, 0644))).isTrue();
        assertThat(cataloger.wants(new FileEntry("var/jenkins_home/plugins/git.jpi", 10, 0644))).isTrue();
        assertThat(cataloger.wants(new FileEntry("app/app.jar.sha1", 10, 0644))).isFalse();
        assertThat(cataloger.wants(new FileEntry("app/jar", 10, 0644))).isFalse();
        assertThat(cataloger.wants(new FileEntry("backup/archive.rar", 10, 0644))).isFalse();
    }

    private Catalogued parse(Path archive, ScanLimits limits) throws IOException {
        String path = root.relativize(archive).toString();
        try (var content = SpooledContent.ofFile(archive)) {
            return cataloger.parse(new FileEntry(path, Files.size(archive), 0644), content, limits);
        }
    }

    private static ScanLimits limits(int maxArchiveDepth, long maxFileBytes, long maxUncompressedBytes) {
        var defaults = ScanLimits.defaults();
        return new ScanLimits(defaults.maxManifestBytes(), defaults.maxConfigBytes(), defaults.maxLayers(),
                maxUncompressedBytes, defaults.maxFiles(), maxFileBytes, maxArchiveDepth, Duration.ofMinutes(1));
    }

    private static FoundPackage log4jCore(String path) {
        return maven("org.apache.logging.log4j:log4j-core", "2.14.1",
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", path);
    }

    private static FoundPackage jacksonDatabind(String path) {
        return maven("com.fasterxml.jackson.core:jackson-databind", "2.9.10.1",
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.1", path);
    }

    private static FoundPackage springBeans(String path) {
        return maven("org.springframework:spring-beans", "5.3.17",
                "pkg:maven/org.springframework/spring-beans@5.3.17", path);
    }

    private static String noGroup(String recognised) {
        return "recognised as " + recognised + " from its manifest or file name, but nothing names its groupId and"
                + " its classes' packages do not show one";
    }

    private static FoundPackage maven(String name, String version, String purl, String path) {
        return new FoundPackage(PackageType.MAVEN, name, version, purl, Optional.empty(), path);
    }
}
