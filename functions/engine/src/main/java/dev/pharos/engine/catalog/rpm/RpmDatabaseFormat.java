package dev.pharos.engine.catalog.rpm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The rpmdb back ends, told apart by their first bytes rather than trusted from the file name. */
enum RpmDatabaseFormat {
    /** rpm 4.16+ default: "SQLite format 3\0" (SQLite file format, database header). */
    SQLITE("SQLite"),
    /** rpm up to 4.15: a Berkeley DB hash (magic 0x061561) or btree (0x053162) at offset 12, in host order. */
    BERKELEY_DB("BerkeleyDB"),
    /** SUSE's rpm-ndb: "RpmP" at offset 0. */
    NDB("NDB");

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NDB_MAGIC = "RpmP".getBytes(StandardCharsets.US_ASCII);
    private static final int BDB_HASH = 0x00061561;
    private static final int BDB_BTREE = 0x00053162;

    private final String label;

    RpmDatabaseFormat(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static Optional<RpmDatabaseFormat> detect(byte[] head) {
        if (head.length >= SQLITE_MAGIC.length && Arrays.equals(head, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0,
                SQLITE_MAGIC.length)) {
            return Optional.of(SQLITE);
        }
        if (head.length >= NDB_MAGIC.length && Arrays.equals(head, 0, NDB_MAGIC.length, NDB_MAGIC, 0,
                NDB_MAGIC.length)) {
            return Optional.of(NDB);
        }
        if (head.length >= 16) {
            int big = ByteBuffer.wrap(head, 12, 4).getInt();
            int little = ByteBuffer.wrap(head, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (big == BDB_HASH || big == BDB_BTREE || little == BDB_HASH || little == BDB_BTREE) {
                return Optional.of(BERKELEY_DB);
            }
        }
        return Optional.empty();
    }
}
