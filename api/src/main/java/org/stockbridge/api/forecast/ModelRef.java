package org.stockbridge.api.forecast;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.stockbridge.forecasting.registry.ModelArtifact;

/** Where a model came from, for every answer that used it. */
record ModelRef(String name, Integer version, Long id, String source, OffsetDateTime trainedAt,
                LocalDate trainingFrom, LocalDate trainingTo, LocalDate dataUpTo, String provenance) {

    static ModelRef of(ForecastRepository.StoredModel stored) {
        ModelArtifact a = stored.artifact();
        return new ModelRef(a.name(), stored.version(), stored.id(), "registry", stored.trainedAt(),
                a.trainingFrom(), a.trainingTo(), a.asOf(), a.summary());
    }

    static ModelRef onRequest(String name, String summary, LocalDate from, LocalDate to, LocalDate upTo) {
        return new ModelRef(name, null, null, "trained-on-request", OffsetDateTime.now(), from, to, upTo, summary);
    }

    String key() {
        return id != null ? "registry-" + id : "request-" + name + "-" + dataUpTo;
    }
}
