package org.stockbridge.forecasting.demand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;

/**
 * Turns forecast rows into Tribuo examples (features of {@link DemandFeatures}; the target is the window's mean daily
 * consumption divided by the series' scale) and predictions back into daily rates.
 */
public final class RegressionRows {

    static final String TARGET = "rate_over_scale";
    /** Rows predicted per call of the model. */
    static final int PREDICT_BLOCK = 50_000;
    private static final RegressionFactory FACTORY = new RegressionFactory();

    private RegressionRows() {
    }

    /** An example with the row's actual as its target (the window must be observed). */
    public static Example<Regressor> training(ForecastRow row, PanelSignals signals) {
        return example(row, signals, new Regressor(TARGET, row.actualRate() / row.scale()));
    }

    /** An example without a target, to predict. */
    public static Example<Regressor> query(ForecastRow row, PanelSignals signals) {
        return example(row, signals, FACTORY.getUnknownOutput());
    }

    private static Example<Regressor> example(ForecastRow row, PanelSignals signals, Regressor output) {
        double[] values = DemandFeatures.compute(row.series(), row.origin(), row.horizon(), signals);
        String[] names = new String[values.length];
        double[] kept = new double[values.length];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i]) && !Double.isInfinite(values[i])) {
                names[n] = DemandFeatures.NAMES.get(i);
                kept[n++] = values[i];
            }
        }
        return new ArrayExample<>(output, java.util.Arrays.copyOf(names, n), java.util.Arrays.copyOf(kept, n));
    }

    /** A dataset of training rows, described for the model's provenance. */
    public static MutableDataset<Regressor> dataset(List<ForecastRow> rows, PanelSignals signals, String description) {
        MutableDataset<Regressor> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance(description, FACTORY), FACTORY);
        for (ForecastRow row : rows) {
            dataset.add(training(row, signals));
        }
        return dataset;
    }

    /** Trains {@code trainer} on the rows. */
    public static Model<Regressor> fit(Trainer<Regressor> trainer, List<ForecastRow> rows, PanelSignals signals,
                                       String description, Map<String, Provenance> runProvenance) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no training rows: the series are too short for the horizons");
        }
        return trainer.train(dataset(rows, signals, description), runProvenance);
    }

    /**
     * The model's forecasts of the mean daily consumption over each row's window (never negative), predicted
     * {@value #PREDICT_BLOCK} rows at a time so that a national panel never holds all its examples at once.
     */
    public static double[] predictRates(Model<Regressor> model, List<ForecastRow> rows, PanelSignals signals) {
        double[] rates = new double[rows.size()];
        for (int from = 0; from < rates.length; from += PREDICT_BLOCK) {
            int to = Math.min(rates.length, from + PREDICT_BLOCK);
            List<Example<Regressor>> examples = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                examples.add(query(rows.get(i), signals));
            }
            List<Prediction<Regressor>> predictions = model.predict(examples);
            for (int i = from; i < to; i++) {
                double scaled = predictions.get(i - from).getOutput().getValues()[0];
                rates[i] = Math.max(0, scaled) * rows.get(i).scale();
            }
        }
        return rates;
    }
}
