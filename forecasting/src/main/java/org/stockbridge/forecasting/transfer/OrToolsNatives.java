package org.stockbridge.forecasting.transfer;

import com.google.ortools.Loader;
import com.google.ortools.init.OrToolsVersion;

/**
 * Loads OR-Tools' native library on first use, once per JVM: a process that never solves never pays for it, and one
 * on a platform without the native still starts; its first solve then fails with a message saying so.
 */
final class OrToolsNatives {

    private static volatile String version;
    private static volatile RuntimeException failure;

    private OrToolsNatives() {
    }

    /** Loads the native library if needed and returns the OR-Tools version; throws if it cannot be loaded here. */
    static String load() {
        String loaded = version;
        if (loaded != null) {
            return loaded;
        }
        synchronized (OrToolsNatives.class) {
            if (version != null) {
                return version;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                Loader.loadNativeLibraries();
                version = OrToolsVersion.getVersionString();
                return version;
            } catch (RuntimeException | LinkageError e) {
                failure = new IllegalStateException("the OR-Tools native library could not be loaded on "
                        + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                        + ", so transfers cannot be optimised on this machine: " + e.getMessage(), e);
                throw failure;
            }
        }
    }
}
