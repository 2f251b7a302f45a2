package org.stockbridge.api.startup;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Reference data at start-up ({@code stockbridge.reference.*}).
 *
 * @param loadOnStart   load the reference data when it is not there yet; default true
 * @param dataDirectory the folder of the real source files; default {@code data/real}, looked for from the working
 *                      directory upwards when relative
 */
@ConfigurationProperties("stockbridge.reference")
record ReferenceSettings(Boolean loadOnStart, Path dataDirectory) {

    ReferenceSettings {
        loadOnStart = loadOnStart == null ? Boolean.TRUE : loadOnStart;
        dataDirectory = dataDirectory == null ? Path.of("data", "real") : dataDirectory;
    }

    Path resolvedDataDirectory() {
        if (dataDirectory.isAbsolute()) {
            return dataDirectory;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(dataDirectory))) {
                return dir.resolve(dataDirectory);
            }
        }
        return dataDirectory.toAbsolutePath();
    }
}
