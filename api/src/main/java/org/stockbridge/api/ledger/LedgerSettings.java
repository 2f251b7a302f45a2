package org.stockbridge.api.ledger;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.stockbridge.domain.ledger.MovementDating;

/**
 * Ledger settings ({@code stockbridge.ledger.*}).
 *
 * @param backdatingWindow how far in the past a movement, a count or a stock-position upload may be dated through the
 *                         API (default 30 days); older history goes through an administrator's history load
 */
@ConfigurationProperties("stockbridge.ledger")
record LedgerSettings(Duration backdatingWindow) {

    LedgerSettings {
        backdatingWindow = backdatingWindow == null ? MovementDating.DEFAULT_WINDOW : backdatingWindow;
    }

    MovementDating dating() {
        return new MovementDating(backdatingWindow);
    }
}
