package org.stockbridge.batch.forecast;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;
import org.stockbridge.forecasting.registry.ModelArtifact;

/**
 * The model registry (JDBC): stores a trained model as the next version of its (kind, name, horizon), and finds models again.
 * A job execution stores each of its models once, so a restarted step does not register a model twice.
 */
@Component
public class ModelRegistry {

    /** A stored model with its id and version (counted per kind, name and horizon). */
    public record Registered(long id, int version, ModelArtifact artifact) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public ModelRegistry(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /**
     * Stores the model as the next version of its (kind, name, horizon), in one transaction (joining the caller's, such as a
     * job step's); a model this job execution already stored is returned as it is.
     */
    public Registered save(ModelArtifact a, Long jobExecutionId, String metrics) {
        return transaction.execute(status -> insert(a, jobExecutionId, metrics));
    }

    private Registered insert(ModelArtifact a, Long jobExecutionId, String metrics) {
        if (jobExecutionId != null) {
            Optional<Registered> done = jdbc.query("SELECT * FROM forecast_model WHERE job_execution_id = ? AND kind = ? "
                    + "AND name = ? AND coalesce(horizon_days, 0) = ?", ModelRegistry::row, jobExecutionId,
                    a.kind().name(), a.name(), a.horizonDays() == null ? 0 : a.horizonDays()).stream().findFirst();
            if (done.isPresent()) {
                return done.get();
            }
        }
        jdbc.execute("LOCK TABLE forecast_model IN SHARE ROW EXCLUSIVE MODE");
        Integer version = jdbc.queryForObject("SELECT coalesce(max(version), 0) + 1 FROM forecast_model WHERE kind = ? "
                + "AND name = ? AND coalesce(horizon_days, 0) = ?", Integer.class, a.kind().name(), a.name(),
                a.horizonDays() == null ? 0 : a.horizonDays());
        Long id = jdbc.queryForObject("""
                INSERT INTO forecast_model (kind, name, version, horizon_days, training_from, training_to, as_of,
                    training_rows, calibration_rows, provenance, summary, parameters, metrics, model, job_execution_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""", Long.class, a.kind().name(),
                a.name(), version, a.horizonDays(), a.trainingFrom(), a.trainingTo(), a.asOf(), a.trainingRows(),
                a.calibrationRows(), a.provenance(), a.summary(), a.parameters(), metrics == null ? "{}" : metrics,
                a.model(), jobExecutionId);
        return new Registered(id, version, a);
    }

    public Optional<Registered> find(long id) {
        return jdbc.query("SELECT * FROM forecast_model WHERE id = ?", ModelRegistry::row, id).stream().findFirst();
    }

    /** The newest version of a model that saw no data after {@code asOf}. */
    public Optional<Registered> latest(ModelArtifact.Kind kind, String name, Integer horizonDays, LocalDate asOf) {
        List<Registered> rows = jdbc.query("SELECT * FROM forecast_model WHERE kind = ? AND name = ? AND "
                + "coalesce(horizon_days, 0) = ? AND as_of <= ? ORDER BY as_of DESC, version DESC LIMIT 1",
                ModelRegistry::row, kind.name(), name, horizonDays == null ? 0 : horizonDays, asOf);
        return rows.stream().findFirst();
    }

    private static Registered row(ResultSet rs, int n) throws SQLException {
        int horizon = rs.getInt("horizon_days");
        Integer horizonDays = rs.wasNull() ? null : horizon;
        java.sql.Date from = rs.getDate("training_from");
        return new Registered(rs.getLong("id"), rs.getInt("version"), new ModelArtifact(
                ModelArtifact.Kind.valueOf(rs.getString("kind")), rs.getString("name"), horizonDays,
                from == null ? null : from.toLocalDate(), rs.getDate("training_to").toLocalDate(),
                rs.getDate("as_of").toLocalDate(), rs.getInt("training_rows"), rs.getInt("calibration_rows"),
                rs.getString("provenance"), rs.getString("summary"), rs.getString("parameters"),
                rs.getBytes("model")));
    }
}
