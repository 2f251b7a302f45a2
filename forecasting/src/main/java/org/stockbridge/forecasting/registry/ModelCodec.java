package org.stockbridge.forecasting.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stockbridge.forecasting.demand.ConformalCalibrator;
import org.stockbridge.forecasting.demand.DemandModel;
import org.stockbridge.forecasting.risk.RiskModel;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.regression.Regressor;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Turns trained models into registry artifacts and back. */
public final class ModelCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ModelCodec() {
    }

    public static ModelArtifact demand(DemandModel model) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("horizons", model.horizons());
        parameters.put("calibration", model.calibrator().quantiles());
        parameters.put("metrics", finite(model.metrics()));
        return new ModelArtifact(ModelArtifact.Kind.DEMAND, model.name(), null, model.trainingFrom(),
                model.trainingTo(), model.calibratedTo(), model.trainingRows(), model.calibrationRows(),
                provenance(model.model()), summary(model.model()), JSON.writeValueAsString(parameters),
                model.model().serialize().toByteArray());
    }

    public static DemandModel demandModel(ModelArtifact artifact) {
        require(artifact, ModelArtifact.Kind.DEMAND);
        Map<String, Object> parameters = JSON.readValue(artifact.parameters(), new TypeReference<>() { });
        List<Integer> horizons = new ArrayList<>();
        for (Object h : (List<?>) parameters.get("horizons")) {
            horizons.add(((Number) h).intValue());
        }
        Map<String, double[]> quantiles = new LinkedHashMap<>();
        ((Map<?, ?>) parameters.get("calibration")).forEach((k, v) -> quantiles.put((String) k,
                ((List<?>) v).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray()));
        Model<Regressor> model = tribuo(artifact).castModel(Regressor.class);
        return new DemandModel(artifact.name(), model, ConformalCalibrator.of(quantiles), horizons,
                artifact.trainingFrom(), artifact.trainingTo(), artifact.asOf(), artifact.trainingRows(),
                artifact.calibrationRows(), numbers(parameters.get("metrics")));
    }

    public static ModelArtifact risk(RiskModel model) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("horizonDays", model.horizonDays());
        parameters.put("linear", model.linear());
        parameters.put("plattSlope", model.plattSlope());
        parameters.put("plattIntercept", model.plattIntercept());
        parameters.put("medians", model.medians());
        parameters.put("metrics", finite(model.metrics()));
        RiskModel companion = model.companion();
        if (companion != null) {
            // The blended-in model travels inside the artifact: the two are trained, stored and loaded together.
            Map<String, Object> blended = new LinkedHashMap<>();
            blended.put("name", companion.name());
            blended.put("weight", model.companionWeight());
            blended.put("linear", companion.linear());
            blended.put("plattSlope", companion.plattSlope());
            blended.put("plattIntercept", companion.plattIntercept());
            blended.put("trainingTo", companion.trainingTo().toString());
            blended.put("trainingRows", companion.trainingRows());
            blended.put("metrics", finite(companion.metrics()));
            blended.put("model", Base64.getEncoder().encodeToString(companion.model().serialize().toByteArray()));
            parameters.put("companion", blended);
        }
        return new ModelArtifact(ModelArtifact.Kind.RISK, model.name(), model.horizonDays(), model.trainingFrom(),
                model.trainingTo(), model.calibratedTo(), model.trainingRows(), model.calibrationRows(),
                provenance(model.model()), summary(model), JSON.writeValueAsString(parameters),
                model.model().serialize().toByteArray());
    }

    /** The trees' summary line, and the model blended in with its share when there is one. */
    private static String summary(RiskModel model) {
        RiskModel companion = model.companion();
        return summary(model.model()) + (companion == null ? "" : "; blended with " + companion.name() + " ("
                + summary(companion.model()) + ") at " + model.companionWeight() + " of the probability");
    }

    public static RiskModel riskModel(ModelArtifact artifact) {
        require(artifact, ModelArtifact.Kind.RISK);
        Map<String, Object> p = JSON.readValue(artifact.parameters(), new TypeReference<>() { });
        Map<String, Double> medians = new LinkedHashMap<>();
        ((Map<?, ?>) p.get("medians")).forEach((k, v) -> medians.put((String) k, ((Number) v).doubleValue()));
        RiskModel model = new RiskModel(artifact.name(), ((Number) p.get("horizonDays")).intValue(),
                tribuo(artifact.name(), artifact.model()).castModel(Label.class), Boolean.TRUE.equals(p.get("linear")),
                ((Number) p.get("plattSlope")).doubleValue(), ((Number) p.get("plattIntercept")).doubleValue(),
                medians, artifact.trainingFrom(), artifact.trainingTo(), artifact.asOf(), artifact.trainingRows(),
                artifact.calibrationRows(), numbers(p.get("metrics")));
        if (!(p.get("companion") instanceof Map<?, ?> c)) {
            return model;
        }
        String name = (String) c.get("name");
        RiskModel companion = new RiskModel(name, model.horizonDays(),
                tribuo(name, Base64.getDecoder().decode((String) c.get("model"))).castModel(Label.class),
                Boolean.TRUE.equals(c.get("linear")), ((Number) c.get("plattSlope")).doubleValue(),
                ((Number) c.get("plattIntercept")).doubleValue(), Map.of(), artifact.trainingFrom(),
                LocalDate.parse((String) c.get("trainingTo")), artifact.asOf(),
                ((Number) c.get("trainingRows")).intValue(), artifact.calibrationRows(), numbers(c.get("metrics")));
        return model.blendedWith(companion, ((Number) c.get("weight")).doubleValue());
    }

    /** A model's metrics as JSON, for the registry's metrics column. */
    public static String metricsJson(Map<String, Double> metrics) {
        return JSON.writeValueAsString(finite(metrics));
    }

    /** The metrics with NaN and infinities as null, which JSON can carry. */
    private static Map<String, Object> finite(Map<String, Double> metrics) {
        Map<String, Object> finite = new LinkedHashMap<>();
        metrics.forEach((k, v) -> finite.put(k, v == null || v.isNaN() || v.isInfinite() ? null : v));
        return finite;
    }

    private static Map<String, Double> numbers(Object value) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put((String) k, v instanceof Number n ? n.doubleValue() : Double.NaN));
        }
        return out;
    }

    /** Tribuo's full provenance of a model, as text. */
    public static String provenance(Model<?> model) {
        return ProvenanceUtil.formattedProvenanceString(model.getProvenance());
    }

    /** One line: trainer, examples, features, Tribuo version and training time. */
    public static String summary(Model<?> model) {
        ModelProvenance p = model.getProvenance();
        String trainer = p.getTrainerProvenance().getClassName();
        return trainer.substring(trainer.lastIndexOf('.') + 1) + " on " + p.getDatasetProvenance().getNumExamples()
                + " examples, " + model.getFeatureIDMap().size() + " features, Tribuo " + p.getTribuoVersion()
                + ", trained " + p.getTrainingTime();
    }

    private static Model<?> tribuo(ModelArtifact artifact) {
        return tribuo(artifact.name(), artifact.model());
    }

    private static Model<?> tribuo(String name, byte[] bytes) {
        try {
            return Model.deserialize(ModelProto.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("model " + name + " is not a readable Tribuo model", e);
        }
    }

    private static void require(ModelArtifact artifact, ModelArtifact.Kind kind) {
        if (artifact.kind() != kind) {
            throw new IllegalArgumentException("model " + artifact.name() + " is a " + artifact.kind()
                    + " model, not " + kind);
        }
    }
}
