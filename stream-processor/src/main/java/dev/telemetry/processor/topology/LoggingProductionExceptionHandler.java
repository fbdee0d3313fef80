package dev.telemetry.processor.topology;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens when Kafka Streams cannot write an output record, logging task, source topic,
 * partition and offset like {@code LogAndContinueExceptionHandler} does.
 *
 * <ul>
 *   <li>retriable errors (timeouts, leader changes): retry;</li>
 *   <li>a record too large for the topic: log and skip it. For {@code telemetry.device-state} the store
 *       keeps the state and the device's next reading publishes it again, so one oversized state must not
 *       stop every other device;</li>
 *   <li>anything else, and every serialization error (a bug, not data): fail, which stops the stream
 *       thread and hands over to the {@code StreamsUncaughtExceptionHandler}.</li>
 * </ul>
 */
public final class LoggingProductionExceptionHandler implements ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(LoggingProductionExceptionHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        if (exception instanceof RetriableException) {
            log.warn("cannot write to {} yet ({}), will retry: {}", record.topic(), where(context),
                    exception.toString());
            return Response.retry();
        }
        if (exception instanceof RecordTooLargeException) {
            log.error("dropping a record for {} that is too large ({} bytes; {}); continuing", record.topic(),
                    record.value() == null ? 0 : record.value().length, where(context), exception);
            return Response.resume();
        }
        log.error("cannot write to {} ({}); stopping the stream thread", record.topic(), where(context), exception);
        return Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
            SerializationExceptionOrigin origin) {
        log.error("cannot serialize the {} of a record for {} ({}); stopping the stream thread", origin,
                record.topic(), where(context), exception);
        return Response.fail();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }

    private static String where(ErrorHandlerContext c) {
        return "task " + c.taskId() + ", source topic " + c.topic() + ", partition " + c.partition()
                + ", offset " + c.offset() + ", processor " + c.processorNodeId();
    }
}
