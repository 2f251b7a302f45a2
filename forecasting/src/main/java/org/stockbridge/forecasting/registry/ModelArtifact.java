package org.stockbridge.forecasting.registry;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A trained model as the registry stores it: the Tribuo model as protobuf bytes (which carry its full provenance),
 * the provenance as text, a one-line summary, the training window, and the model's own parameters (conformal
 * quantiles or Platt scaling) as JSON.
 *
 * @param horizonDays the horizon of a risk model; {@code null} for the demand model (which serves all its horizons)
 * @param asOf        the last day of data the model saw
 */
public record ModelArtifact(Kind kind, String name, Integer horizonDays, LocalDate trainingFrom,
                            LocalDate trainingTo, LocalDate asOf, int trainingRows, int calibrationRows,
                            String provenance, String summary, String parameters, byte[] model) {

    /** What a model forecasts. */
    public enum Kind { DEMAND, RISK }

    public ModelArtifact {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(trainingTo, "trainingTo must not be null");
        Objects.requireNonNull(asOf, "asOf must not be null");
        Objects.requireNonNull(model, "model must not be null");
    }
}
