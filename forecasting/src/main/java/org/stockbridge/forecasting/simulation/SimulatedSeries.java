package org.stockbridge.forecasting.simulation;

import java.time.LocalDate;
import java.util.List;
import org.stockbridge.domain.ledger.MovementType;
import org.stockbridge.domain.ledger.ReasonCode;

/**
 * The simulated history of one (site, product): the ledger lines to post, in order, and the daily series behind them.
 *
 * @param demand what was asked for each day (day 0 is {@code start}): patients at a dispensing site, the deployments
 *               the sites a depot serves outside the demo ask for
 * @param issued what left the site for use each day: at a dispensing site its issues (the demand, cut to the
 *               issuable stock when it ran short); at a depot its deployments, issued to the sites outside the demo
 *               in bursts and transferred to the demo sites it resupplies
 */
public record SimulatedSeries(SeriesSpec spec, LocalDate start, long[] demand, long[] issued, List<Lot> lots,
                              List<Line> lines, Policy policy, Profile profile) {

    /**
     * A lot held at the site. Numbers are unique per product across sites; a lot a depot transferred keeps its number
     * (and its SLEP date, which only a U.S. federal site may use) at the site that received it.
     */
    public record Lot(String number, LocalDate labelledExpiry, LocalDate extendedExpiry) {
    }

    /**
     * One ledger line: on {@code day} (days after {@code start}), {@code quantity} signed units of lot {@code lot}
     * (an index into {@link #lots}); a count correction carries the on-hand the count found the ledger holding. A
     * {@code TRANSFER_OUT} and the {@code TRANSFER_IN} that receives it share their {@code reference} (null on other
     * lines), their lot number and their quantity.
     */
    public record Line(int day, MovementType type, ReasonCode reason, int lot, long quantity, Long priorOnHand,
                       String reference) {

        public Line(int day, MovementType type, ReasonCode reason, int lot, long quantity, Long priorOnHand) {
            this(day, type, reason, lot, quantity, priorOnHand, null);
        }
    }

    /** The stock policy the simulated site replenished by. */
    public record Policy(long safetyStock, long reorderPoint, long maxStock, long reserveFloor) {
    }

    /** The parameters drawn for this series, for provenance and for tests. */
    public record Profile(double meanDaily, double seasonalAmplitude, double driverElasticity, int leadTimeDays,
                          int surges, int disruptedOrders) {
    }

    public LocalDate day(int index) {
        return start.plusDays(index);
    }

    public int days() {
        return demand.length;
    }
}
