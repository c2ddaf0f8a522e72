package dev.pharos.engine.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/**
 * All catalogers. In a Quarkus application CDI injects them; plain callers (pharos-local, tests) use
 * {@link #discover()}, which reads the same beans from this module's Jandex index, so there is one source of
 * truth: a class in {@code catalog/<format>/} implementing {@link Cataloger} and annotated as a bean.
 */
@ApplicationScoped
public class Catalogers {
    private static final String INDEX = "META-INF/jandex.idx";

    private final List<Cataloger> all;

    @Inject
    public Catalogers(Instance<Cataloger> beans) {
        this(beans.stream().toList());
    }

    public Catalogers(List<Cataloger> catalogers) {
        this.all = catalogers.stream().sorted(Comparator.comparing(Cataloger::name)).toList();
        long distinct = all.stream().map(Cataloger::name).distinct().count();
        if (distinct != all.size()) {
            throw new IllegalStateException("two catalogers share a name: " + all.stream().map(Cataloger::name).toList());
        }
    }

    /** The catalogers of this module's Jandex index, instantiated through their no-argument constructors. */
    public static Catalogers discover() {
        try (InputStream in = Catalogers.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IllegalStateException(INDEX + " is missing: build pharos-engine with the jandex plugin");
            }
            return new Catalogers(new IndexReader(in).read()
                    .getAllKnownImplementors(DotName.createSimple(Cataloger.class))
                    .stream()
                    .filter(type -> type.hasDeclaredAnnotation(DotName.createSimple(ApplicationScoped.class)))
                    .map(Catalogers::instantiate)
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
    }

    private static Cataloger instantiate(ClassInfo type) {
        try {
            return (Cataloger) Class.forName(type.name().toString()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate cataloger " + type.name(), e);
        }
    }

    public List<Cataloger> all() {
        return all;
    }
}
