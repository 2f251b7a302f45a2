package org.stockbridge.api.startup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.stockbridge.batch.demo.DemoStockLoader;
import org.stockbridge.batch.reference.ReferenceDataLoader;

/**
 * Brings a new database to a usable state at start: the reference data from the real files, then the synthetic demo
 * stock. Both record themselves, so a restart skips what is already there. Runs before the service reports ready.
 */
@Component
@EnableConfigurationProperties({ReferenceSettings.class, DemoSettings.class})
class StartupDataLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StartupDataLoader.class);

    private final ReferenceSettings reference;
    private final ReferenceDataLoader referenceLoader;
    private final DemoSettings demo;
    private final DemoStockLoader demoLoader;

    StartupDataLoader(ReferenceSettings reference, ReferenceDataLoader referenceLoader, DemoSettings demo,
                      DemoStockLoader demoLoader) {
        this.reference = reference;
        this.referenceLoader = referenceLoader;
        this.demo = demo;
        this.demoLoader = demoLoader;
    }

    @Override
    public void run(ApplicationArguments args) {
        long start = System.currentTimeMillis();
        if (reference.loadOnStart()) {
            referenceLoader.load(reference.resolvedDataDirectory());
        }
        if (demo.on() && referenceLoader.alreadyLoaded()) {
            demoLoader.load(demo.toSettings(), reference.resolvedDataDirectory());
        }
        log.info("Start-up data ready in {} ms", System.currentTimeMillis() - start);
    }
}
