package dev.telemetry.ops;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's Prometheus registry: every meter tagged {@code application=<name>}, with JVM and
 * process metrics bound. Services add their own meters and client binders, and register binders
 * that hold resources with {@link #closeOnExit}.
 */
public final class ServiceMetrics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /**
     * @param application the {@code application} tag of every meter
     * @param moreTags    further common tags as key, value, key, value, ... (e.g. an instance id)
     */
    public ServiceMetrics(String application, String... moreTags) {
        // common tags before any meter is registered: Micrometer applies filters only to later meters
        registry.config().commonTags("application", application).commonTags(moreTags);
        JvmGcMetrics gc = new JvmGcMetrics();
        closeables.add(gc);
        for (MeterBinder binder : List.of(new ClassLoaderMetrics(), new JvmMemoryMetrics(), gc,
                new JvmThreadMetrics(), new ProcessorMetrics(), new UptimeMetrics())) {
            binder.bindTo(registry);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Binds {@code binder} and closes it with the registry. */
    public <B extends MeterBinder & AutoCloseable> void bindAndClose(B binder) {
        closeables.add(binder);
        binder.bindTo(registry);
    }

    /** Closes {@code c} when this registry is closed. */
    public void closeOnExit(AutoCloseable c) {
        closeables.add(c);
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("cannot close metrics binder {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        registry.close();
    }
}
