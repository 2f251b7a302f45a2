package org.stockbridge.forecasting.transfer;

import java.util.Locale;

/** Timings of a solve, printed to standard error when the system property {@code stockbridge.transfer.trace} is true. */
final class Trace {

    static final boolean ON = Boolean.getBoolean("stockbridge.transfer.trace");
    private static final long START = System.nanoTime();

    private Trace() {
    }

    static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void log(String format, Object... args) {
        if (ON) {
            System.err.printf(Locale.ROOT, "[%8.3f s %s] %s%n", (System.nanoTime() - START) / 1e9,
                    Thread.currentThread().getName(), String.format(Locale.ROOT, format, args));
        }
    }
}
