package dev.pharos.api.image;

import dev.pharos.api.http.Cursor;
import dev.pharos.api.http.Database;
import dev.pharos.api.http.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads images, their packages and findings (tables of V4) for the image endpoints. */
@ApplicationScoped
public class ImageQueries {
    private static final String IMAGE = "SELECT " + ImageSummary.COLUMNS + " FROM image i WHERE i.digest = $1";
    private static final String PACKAGES = "SELECT " + PackageView.COLUMNS
            + " FROM image_package WHERE image_digest = $1 ORDER BY ordinal";
    private static final String FINDINGS = "SELECT " + FindingView.COLUMNS
            + " FROM finding f WHERE f.image_digest = $1 AND ($2 OR f.resolved_at IS NULL) ORDER BY "
            + SeverityLevel.mostSevereFirst("f.severity") + ", f.vulnerability_id, f.package_purl, f.package_path";

    private final Pool pool;

    public ImageQueries(Pool pool) {
        this.pool = pool;
    }

    /**
     * Up to {@code limit} images after {@code cursor} (last scan time, then digest, both descending), matching every
     * filter given.
     */
    public Uni<List<ImageSummary>> list(ImageFilter filter, Optional<String> cursor, int limit) {
        Tuple args = Tuple.tuple();
        List<String> where = new ArrayList<>();
        List<String> reference = new ArrayList<>();
        filter.registry().ifPresent(registry -> reference.add("r.registry = " + bind(args, registry)));
        filter.repository().ifPresent(repository -> reference.add("r.repository = " + bind(args, repository)));
        if (!reference.isEmpty()) {
            where.add("EXISTS (SELECT 1 FROM image_reference r WHERE r.image_digest = i.digest AND "
                    + String.join(" AND ", reference) + ")");
        }
        filter.severity().ifPresent(level -> where.add(openFinding("upper(f.severity) = ANY("
                + bind(args, level.andAbove().toArray(String[]::new)) + ")")));
        filter.vulnerability().ifPresent(id -> {
            String bound = bind(args, id);
            where.add(openFinding("(f.vulnerability_id = " + bound + " OR f.aliases @> ARRAY[" + bound + "::text])"));
        });
        cursor.ifPresent(value -> {
            List<String> key = Cursor.decode(value, 2);
            where.add("(i.last_scanned_at, i.digest) < (" + bind(args, time(key.get(0), value)) + "::timestamptz, "
                    + bind(args, key.get(1)) + "::text)");
        });
        String sql = "SELECT " + ImageSummary.COLUMNS + " FROM image i"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY i.last_scanned_at DESC, i.digest DESC LIMIT " + bind(args, limit);
        return pool.preparedQuery(sql).execute(args).map(rows -> Rows.map(rows, ImageSummary::of))
                .onFailure().transform(Database::unavailable);
    }

    static String cursorOf(ImageSummary image) {
        return Cursor.encode(image.lastScan().scannedAt().toString(), image.digest());
    }

    /** The image, its packages in catalogue order and its findings; empty when the digest is unknown. */
    public Uni<Optional<ImageDetail>> detail(String digest, boolean includeResolved) {
        Uni<Optional<Row>> image = pool.preparedQuery(IMAGE).execute(Tuple.of(digest)).map(Rows::first);
        Uni<List<PackageView>> packages = pool.preparedQuery(PACKAGES).execute(Tuple.of(digest))
                .map(rows -> Rows.map(rows, PackageView::of));
        Uni<List<FindingView>> findings = pool.preparedQuery(FINDINGS).execute(Tuple.of(digest, includeResolved))
                .map(rows -> Rows.map(rows, FindingView::of));
        return Uni.combine().all().unis(image, packages, findings).asTuple()
                .map(all -> all.getItem1().map(row -> new ImageDetail(ImageSummary.of(row),
                        List.of(row.getArrayOfStrings("layers")), all.getItem2(), all.getItem3())))
                .onFailure().transform(Database::unavailable);
    }

    private static String openFinding(String condition) {
        return "EXISTS (SELECT 1 FROM finding f WHERE f.image_digest = i.digest AND f.resolved_at IS NULL AND "
                + condition + ")";
    }

    private static String bind(Tuple args, Object value) {
        args.addValue(value);
        return "$" + args.size();
    }

    private static OffsetDateTime time(String value, String cursor) {
        try {
            return OffsetDateTime.ofInstant(Instant.parse(value), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw Cursor.invalid(cursor);
        }
    }
}
