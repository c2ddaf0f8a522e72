package dev.pharos.api.image;

import dev.pharos.api.ApiTestResource;
import dev.pharos.api.Seed;
import dev.pharos.core.event.SeverityCounts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.pharos.api.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** GET /api/v1/images and /api/v1/images/{digest} over rows seeded as the scanner writes them. */
@QuarkusTest
@QuarkusTestResource(ApiTestResource.class)
class ImageQueryTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";

    @Test
    void pagesThroughImagesNewestScanFirstFollowingNext() {
        String repository = unique("team/paged");
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            newestFirst.add(image(repository, "v" + i, NOW.minusSeconds(60L * i), SeverityCounts.ZERO));
        }
        List<String> seen = new ArrayList<>();
        String next = "/api/v1/images?repository=" + repository + "&limit=2";
        List<Integer> sizes = new ArrayList<>();
        while (next != null) {
            JsonPath page = given().urlEncodingEnabled(false).get(next).then().statusCode(200).extract().jsonPath();
            sizes.add(page.getList("items").size());
            seen.addAll(page.getList("items.digest"));
            next = page.getString("next");
        }
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void anImageInsertedBetweenPagesNeitherRepeatsNorShiftsThem() {
        String repository = unique("team/stable");
        String older = image(repository, "1", NOW.minusSeconds(300), SeverityCounts.ZERO);
        String oldest = image(repository, "0", NOW.minusSeconds(600), SeverityCounts.ZERO);
        String newest = image(repository, "2", NOW.minusSeconds(100), SeverityCounts.ZERO);
        JsonPath first = list("repository=" + repository + "&limit=1");
        assertThat(first.getList("items.digest")).containsExactly(newest);
        image(repository, "3", NOW, SeverityCounts.ZERO);
        JsonPath second = given().urlEncodingEnabled(false).get(first.getString("next")).then().statusCode(200)
                .extract().jsonPath();
        assertThat(second.getList("items.digest")).containsExactly(older);
        JsonPath third = given().urlEncodingEnabled(false).get(second.getString("next")).then().statusCode(200)
                .extract().jsonPath();
        assertThat(third.getList("items.digest")).containsExactly(oldest);
        assertThat(third.getString("next")).isNull();
    }

    @Test
    void eachItemCarriesReferencesOsCountsAndLastScan() {
        String repository = unique("team/item");
        String digest = image(repository, "1.0", NOW, new SeverityCounts(1, 2, 0, 0, 0, 1));
        Seed.reference("mirror.example.com", repository, "", digest);
        UUID scan = UUID.randomUUID();
        Seed.execute("INSERT INTO scan (id, status, trigger, registry, repository, tag, image_digest, engine, "
                + "finished_at) VALUES (?, 'completed', 'push', 'ghcr.io', ?, '1.0', ?, 'native', now())",
                scan, repository, digest);
        JsonPath item = list("repository=" + repository);
        assertThat(item.getList("items")).hasSize(1);
        assertThat(item.getString("items[0].digest")).isEqualTo(digest);
        assertThat(item.getList("items[0].references.registry")).containsExactly("ghcr.io", "mirror.example.com");
        assertThat(item.getList("items[0].references.tag")).containsExactly("1.0", null);
        assertThat(item.getString("items[0].os.id")).isEqualTo("debian");
        assertThat(item.getString("items[0].os.versionId")).isEqualTo("12");
        assertThat(item.getString("items[0].os.osvEcosystem")).isEqualTo("Debian:12");
        assertThat(item.getInt("items[0].packageCount")).isEqualTo(42);
        assertThat(item.getInt("items[0].severities.critical")).isEqualTo(1);
        assertThat(item.getInt("items[0].severities.high")).isEqualTo(2);
        assertThat(item.getInt("items[0].severities.unknown")).isEqualTo(1);
        assertThat(item.getString("items[0].lastScan.scanId")).isEqualTo(scan.toString());
        assertThat(Instant.parse(item.getString("items[0].lastScan.scannedAt"))).isEqualTo(NOW);
        assertThat(item.getString("items[0].links.self")).isEqualTo("/api/v1/images/" + digest);
    }

    @Test
    void filtersByRegistryRepositorySeverityAndVulnerability() {
        String repository = unique("team/filtered");
        String critical = image(repository, "crit", NOW, SeverityCounts.ZERO);
        finding(critical, "CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), "CRITICAL", null);
        String high = image(repository, "high", NOW.minusSeconds(1), SeverityCounts.ZERO);
        finding(high, "CVE-2021-45046", List.of("GHSA-7rjr-3q55-vv33"), "HIGH", null);
        String medium = image(repository, "medium", NOW.minusSeconds(2), SeverityCounts.ZERO);
        finding(medium, "CVE-2021-45105", List.of(), "MEDIUM", null);
        String resolved = image(repository, "resolved", NOW.minusSeconds(3), SeverityCounts.ZERO);
        finding(resolved, "CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), "CRITICAL", NOW);
        String elsewhere = image(unique("other/filtered"), "x", NOW.minusSeconds(4), SeverityCounts.ZERO);
        finding(elsewhere, "CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), "CRITICAL", null);

        assertThat(digests("repository=" + repository)).containsExactly(critical, high, medium, resolved);
        assertThat(digests("repository=" + repository + "&registry=ghcr.io"))
                .containsExactly(critical, high, medium, resolved);
        assertThat(digests("repository=" + repository + "&registry=docker.io")).isEmpty();
        assertThat(digests("repository=" + repository + "&severity=HIGH")).containsExactly(critical, high);
        assertThat(digests("repository=" + repository + "&severity=critical")).containsExactly(critical);
        assertThat(digests("repository=" + repository + "&severity=MEDIUM")).containsExactly(critical, high, medium);
        assertThat(digests("repository=" + repository + "&vulnerability=CVE-2021-44228")).containsExactly(critical);
        assertThat(digests("repository=" + repository + "&vulnerability=GHSA-7rjr-3q55-vv33")).containsExactly(high);
        assertThat(digests("vulnerability=GHSA-jfh8-c2jp-5v3q")).contains(critical, elsewhere)
                .doesNotContain(resolved, high);
    }

    @Test
    void badListParametersAreProblems() {
        listProblem("limit=0", "limit must be a number from 1 to 500");
        listProblem("limit=501", "limit must be a number from 1 to 500");
        listProblem("limit=ten", "limit must be a number from 1 to 500");
        listProblem("severity=SEVERE", "severity must be one of");
        listProblem("cursor=bm90LWEtY3Vyc29y", "invalid cursor");
        listProblem("cursor=%25%25", "invalid cursor");
    }

    @Test
    void anImageComesWithPackagesAndOpenFindingsMostSevereFirst() {
        String repository = unique("team/detail");
        String digest = image(repository, "1", NOW, new SeverityCounts(1, 0, 1, 0, 0, 0));
        Seed.pkg(digest, 0, "deb", "tar", "1.34+dfsg-1", "pkg:deb/debian/tar@1.34%2Bdfsg-1?distro=debian-12",
                "var/lib/dpkg/status");
        Seed.pkg(digest, 1, "maven", "org.apache.logging.log4j:log4j-core", "2.14.1", LOG4J, "app/lib/log4j.jar");
        finding(digest, "CVE-2005-2541", List.of("DEBIAN-CVE-2005-2541"), "MEDIUM", null);
        finding(digest, "CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), "CRITICAL", null);
        finding(digest, "CVE-2021-45105", List.of(), "MEDIUM", NOW.minusSeconds(10));

        given().get("/api/v1/images/" + digest).then().statusCode(200)
                .body("image.digest", equalTo(digest))
                .body("image.references[0].repository", equalTo(repository))
                .body("layers", hasSize(2))
                .body("packages", hasSize(2))
                .body("packages[0].type", equalTo("deb"))
                .body("packages[0].name", equalTo("tar"))
                .body("packages[1].purl", equalTo(LOG4J))
                .body("packages[1].path", equalTo("app/lib/log4j.jar"))
                .body("packages[1].layer", equalTo("sha256:" + "2b".repeat(32)))
                .body("findings", hasSize(2))
                .body("findings[0].id", equalTo("CVE-2021-44228"))
                .body("findings[0].aliases", equalTo(List.of("GHSA-jfh8-c2jp-5v3q")))
                .body("findings[0].package.purl", equalTo(LOG4J))
                .body("findings[0].package.name", equalTo("org.apache.logging.log4j:log4j-core"))
                .body("findings[0].installedVersion", equalTo("2.14.1"))
                .body("findings[0].fixedVersions", equalTo(List.of("2.15.0")))
                .body("findings[0].fixState", equalTo("fixed"))
                .body("findings[0].severity", equalTo("CRITICAL"))
                .body("findings[0].score", equalTo(10.0f))
                .body("findings[0].vector", equalTo("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"))
                .body("findings[0].resolvedAt", nullValue())
                .body("findings[1].id", equalTo("CVE-2005-2541"));

        given().get("/api/v1/images/" + digest + "?include=resolved").then().statusCode(200)
                .body("findings.id", equalTo(List.of("CVE-2021-44228", "CVE-2005-2541", "CVE-2021-45105")));
    }

    @Test
    void unknownAndMalformedDigestsAreProblems() {
        given().get("/api/v1/images/" + Seed.digest()).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://pharos.dev/problems/not-found"));
        given().get("/api/v1/images/latest").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not an image digest"));
        given().get("/api/v1/images/" + Seed.digest() + "?include=everything").then().statusCode(400)
                .body("detail", containsString("include must be 'resolved'"));
    }

    private static String image(String repository, String tag, Instant lastScanned, SeverityCounts severities) {
        String digest = Seed.digest();
        Seed.image(new Seed.Image(digest, "debian", "12", "Debian:12", lastScanned, severities, 42));
        Seed.reference("ghcr.io", repository, tag, digest);
        return digest;
    }

    private static void finding(String digest, String id, List<String> aliases, String severity, Instant resolved) {
        Seed.finding(new Seed.Finding(digest, id, aliases, LOG4J, "app/lib/log4j.jar", "maven",
                "org.apache.logging.log4j:log4j-core", "2.14.1", List.of("2.15.0"), "fixed", severity,
                10.0, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", resolved));
    }

    private static JsonPath list(String query) {
        return given().get("/api/v1/images?" + query).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> digests(String query) {
        return list(query).getList("items.digest");
    }

    private static void listProblem(String query, String detail) {
        assertProblem(given().urlEncodingEnabled(false).get("/api/v1/images?" + query).then(), 400,
                "malformed-input", detail);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
