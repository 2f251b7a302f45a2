package org.stockbridge.forecasting.risk;

import java.time.LocalDate;
import java.util.List;

/**
 * The calibrated probability that a new shortage report for an ingredient is filed within {@code horizonDays} of
 * {@code asOf}, with the features that moved it most.
 *
 * @param drivers the features whose replacement by a typical value (the training median) changes the probability
 *                most, largest change first
 */
public record RiskScore(String ingredient, String atc, LocalDate asOf, int horizonDays, double probability,
                        List<Driver> drivers) {

    /** One feature's value for this ingredient and how much it raised (positive) or lowered the probability. */
    public record Driver(String feature, double value, double typical, double effect) {
    }
}
