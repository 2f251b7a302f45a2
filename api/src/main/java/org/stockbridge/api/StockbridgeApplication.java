package org.stockbridge.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Stockbridge: stockpile inventory, shortage reports, forecasts and cross-border transfers for the U.S. and Canada. */
@SpringBootApplication(scanBasePackages = "org.stockbridge")
@ConfigurationPropertiesScan("org.stockbridge")
@org.springframework.scheduling.annotation.EnableScheduling
public class StockbridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(StockbridgeApplication.class, args);
    }
}
