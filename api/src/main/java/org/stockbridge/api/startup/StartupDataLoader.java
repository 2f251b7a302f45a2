package org.stockbridge.api.startup;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.stockbridge.batch.demo.DemoStockLoader;
import org.stockbridge.batch.reference.ReferenceDataLoader;

/**
 * Brings a new database to a usable state at start: the reference data from the real files, then, at the same time,
 * the synthetic demo stock (on this thread) and the shortage reports (on a thread of their own): both need the
 * reference data and nothing of each other. Each records itself, so a restart skips what is already there. Runs
 * before the service reports ready; a failure of either fails the start.
 */
@Component
@EnableConfigurationProperties({ReferenceSettings.class, DemoSettings.class})
class StartupDataLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StartupDataLoader.class);

    private final ReferenceSettings reference;
    private final ReferenceDataLoader referenceLoader;
    private final DemoSettings demo;
    private final DemoStockLoader demoLoader;
    private final ShortageStartupLoader shortageLoader;

    StartupDataLoader(ReferenceSettings reference, ReferenceDataLoader referenceLoader, DemoSettings demo,
                      DemoStockLoader demoLoader, ShortageStartupLoader shortageLoader) {
        this.reference = reference;
        this.referenceLoader = referenceLoader;
        this.demo = demo;
        this.demoLoader = demoLoader;
        this.shortageLoader = shortageLoader;
    }

    @Override
    public void run(ApplicationArguments args) {
        long start = System.currentTimeMillis();
        if (reference.loadOnStart()) {
            referenceLoader.load(reference.resolvedDataDirectory());
        }
        FutureTask<Void> shortages = new FutureTask<>(shortageLoader::load, null);
        Thread shortageThread = new Thread(shortages, "startup-shortage-reports");
        shortageThread.start();
        if (demo.on() && referenceLoader.alreadyLoaded()) {
            demoLoader.load(demo.toSettings(), reference.resolvedDataDirectory());
        }
        try {
            shortages.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the shortage reports were loading", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the shortage reports could not be loaded: " + e.getCause().getMessage(),
                    e.getCause());
        }
        log.info("Start-up data ready in {} ms", System.currentTimeMillis() - start);
    }
}
