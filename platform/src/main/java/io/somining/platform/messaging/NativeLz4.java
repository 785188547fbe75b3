package io.somining.platform.messaging;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import net.jpountz.lz4.LZ4Factory;
import org.jboss.logging.Logger;

/**
 * Makes Kafka's LZ4 compression use lz4-java's native (JNI) library. lz4-java loads it by itself only
 * when its classes come from the system class loader, which a Quarkus application's do not; it then
 * falls back to its pure-Java "safe" code, which took 40% of the outbox relay's CPU time (JFR, 1 GB
 * ingest). Once loaded, {@code LZ4Factory.fastestInstance()}, which Kafka calls, answers the native one.
 */
@ApplicationScoped
public class NativeLz4 {

    private static final Logger LOG = Logger.getLogger(NativeLz4.class);

    /**
     * Before the messaging connectors create their consumers and producers. Where the library cannot
     * be loaded (another platform, a second class loader), Kafka keeps the Java code.
     */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        try {
            LZ4Factory.nativeInstance();
            LOG.info("LZ4 compression: native library");
        } catch (Throwable e) { // an UnsatisfiedLinkError or an ExceptionInInitializerError
            LOG.infof("LZ4 compression: lz4-java's Java code (native library not loadable: %s)", e.toString());
        }
    }
}
