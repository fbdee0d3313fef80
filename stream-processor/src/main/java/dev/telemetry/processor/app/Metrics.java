package dev.telemetry.processor.app;

import dev.telemetry.ops.ServiceMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/** The Prometheus registry with JVM, process and Kafka Streams client metrics bound. */
final class Metrics implements AutoCloseable {

    private final ServiceMetrics metrics;
    private final PipelineMetrics pipeline;

    Metrics(String applicationId) {
        metrics = new ServiceMetrics(applicationId);
        pipeline = new PipelineMetrics(metrics.registry());
    }

    /** The topology's events, counted. */
    PipelineMetrics pipeline() {
        return pipeline;
    }

    /** Adds the Kafka Streams client metrics (consumer, producer, stream threads, tasks, stores). */
    void bind(KafkaStreams streams) {
        metrics.bindAndClose(new KafkaStreamsMetrics(streams));
    }

    PrometheusMeterRegistry registry() {
        return metrics.registry();
    }

    @Override
    public void close() {
        metrics.close();
    }
}
