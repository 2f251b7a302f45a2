package org.stockbridge.api.ledger;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.stockbridge.domain.ledger.MovementDating;

/** Binds {@link LedgerSettings} and gives the ledger its dating rule. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerSettings.class)
class LedgerConfiguration {

    @Bean
    MovementDating movementDating(LedgerSettings settings) {
        return settings.dating();
    }
}
