package org.stockbridge.forecasting.transfer;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;

/**
 * Timings of a solve, printed to standard error when the system property {@code stockbridge.transfer.trace} is true;
 * without it nothing is measured or printed.
 */
final class Trace {

    static final boolean ON = Boolean.getBoolean("stockbridge.transfer.trace");
    private static final long START = System.nanoTime();

    private Trace() {
    }

    /** CPU time of the calling thread in nanoseconds, or 0 when tracing is off or the JVM cannot tell. */
    static long cpu() {
        if (!ON) {
            return 0;
        }
        long nanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        return Math.max(0, nanos);
    }

    /** CPU time of the whole process in nanoseconds (compiler and collector threads too), or 0 when unknown. */
    static long processCpu() {
        if (!ON) {
            return 0;
        }
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean hotspot
                ? Math.max(0, hotspot.getProcessCpuTime()) : 0;
    }

    static void log(String format, Object... args) {
        if (ON) {
            System.err.printf(Locale.ROOT, "[%8.3f s %s] %s%n", (System.nanoTime() - START) / 1e9,
                    Thread.currentThread().getName(), String.format(Locale.ROOT, format, args));
        }
    }
}
