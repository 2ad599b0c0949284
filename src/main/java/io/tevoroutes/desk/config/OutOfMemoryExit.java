package io.tevoroutes.desk.config;

import java.lang.management.ManagementFactory;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A desk out of memory exits, so that systemd or Kubernetes starts it again, instead of running on with some of its
 * threads dead while its health still says UP. The JVM does it with -XX:+ExitOnOutOfMemoryError, which every way of
 * launching the desk that the project ships passes (README's command, the systemd unit, both container images); this
 * says at start whether it is on, warns when it is not, and, as a second line, ends the process when a thread dies of
 * an OutOfMemoryError that nobody caught.
 */
@ApplicationScoped
public class OutOfMemoryExit {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.desk");

    /** Exit code of a desk ended for want of memory (as the JVM's own ExitOnOutOfMemoryError: 3). */
    static final int EXIT_CODE = 3;

    void onStart(@Observes StartupEvent start) {
        Boolean on = exitOnOutOfMemory();
        if (Boolean.FALSE.equals(on) && io.quarkus.runtime.LaunchMode.current() != io.quarkus.runtime.LaunchMode.NORMAL) {
            LOG.debug("the JVM was started without -XX:+ExitOnOutOfMemoryError (dev mode or tests; the packaged desk is launched with it)");
        } else if (Boolean.FALSE.equals(on)) {
            LOG.warn("the JVM was started without -XX:+ExitOnOutOfMemoryError: a desk out of memory could run on half dead; start it as"
                    + " the README says (java -XX:+ExitOnOutOfMemoryError -jar ...)");
        } else if (on != null) {
            LOG.info("out of memory, the desk exits (-XX:+ExitOnOutOfMemoryError) and is started again by its supervisor");
        }
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                System.err.println("tevo-routes: out of memory in thread " + thread.getName() + ": exiting");
                Runtime.getRuntime().halt(EXIT_CODE);
            }
            if (before != null) {
                before.uncaughtException(thread, e);
            } else {
                LOG.errorf(e, "thread %s ended by an uncaught %s", thread.getName(), e.getClass().getSimpleName());
            }
        });
    }

    /** Whether the JVM runs with ExitOnOutOfMemoryError; null when it cannot tell (a native binary, another JVM). */
    static Boolean exitOnOutOfMemory() {
        try {
            var diagnostics = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return diagnostics == null ? null : Boolean.valueOf(diagnostics.getVMOption("ExitOnOutOfMemoryError").getValue());
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
