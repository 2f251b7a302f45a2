package org.stockbridge.api.ledger;

import java.util.List;
import org.springframework.stereotype.Service;
import org.stockbridge.api.web.Caller;
import reactor.core.publisher.Mono;

/**
 * The ledger as other features use it: posts movements with every rule of {@code POST /movements} (visibility,
 * jurisdiction, lot status and expiry, no negative balance) inside the caller's transaction.
 */
@Service
public class Ledger {

    private final LedgerService ledger;

    Ledger(LedgerService ledger) {
        this.ledger = ledger;
    }

    /**
     * Posts one movement; {@code field} names the request part that problems point to. Must run inside the caller's
     * transaction for the movement to be kept with the change that caused it.
     */
    public Mono<List<MovementLine>> post(MovementRequest movement, Caller caller, String actor, String field) {
        return ledger.apply(movement, caller, actor, movement.documentRef(), field);
    }
}
