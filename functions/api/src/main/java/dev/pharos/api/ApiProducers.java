package dev.pharos.api;

import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.engine.vuln.db.ImportLimits;
import dev.pharos.engine.vuln.db.OsvImporter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The engine's advisory classes are plain (final) objects; here they become beans on the application's pool.
 * Singletons, since final classes cannot have client proxies.
 */
public class ApiProducers {

    @Produces
    @Singleton
    AdvisoryStore advisoryStore(Pool pool, ApiConfig config) {
        return new AdvisoryStore(pool, config.vulndb().statementTimeout());
    }

    @Produces
    @Singleton
    OsvImporter osvImporter(AdvisoryStore store) {
        return new OsvImporter(store, ImportLimits.DEFAULTS);
    }
}
