package org.stockbridge.batch.forecast;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.stockbridge.batch.risk.RiskFiles;
import org.stockbridge.forecasting.demand.DemandModel;
import org.stockbridge.forecasting.demand.DemandSeries;
import org.stockbridge.forecasting.demand.DemandTrainer;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.registry.ModelArtifact;
import org.stockbridge.forecasting.registry.ModelCodec;
import org.stockbridge.forecasting.risk.RiskModel;
import org.stockbridge.forecasting.risk.RiskSources;
import org.stockbridge.forecasting.risk.RiskTrainer;

/**
 * The forecast job ({@value #JOB}): retrains the demand model on the ledger as of the job's {@code asOf} parameter
 * (default: the last day with a movement), retrains the 30- and 90-day shortage-risk models on the real files,
 * registers every model and keeps the ingredient risk scores of each risk model in {@code shortage_risk_score}
 * (for the alerts on risk; a restarted job does not register them twice: the models of a completed step are found
 * again by job execution), then scores every (site, product) in chunks into {@code forecast_score} (an upsert, and
 * the reader's position is saved with each chunk, so a restart resumes after the last chunk committed).
 */
@Configuration(proxyBeanMethods = false)
public class ForecastJobConfiguration {

    public static final String JOB = "forecastJob";
    static final String DEMAND_MODEL_ID = "demandModelId";
    static final String RISK_MODEL_ID = "riskModelId";
    private static final Logger log = LoggerFactory.getLogger(ForecastJobConfiguration.class);

    @Bean
    Job forecastJob(JobRepository repository, Step forecastTrainDemandStep, Step forecastTrainRiskStep,
                    Step forecastScoreStep) {
        return new JobBuilder(JOB, repository).start(forecastTrainDemandStep).next(forecastTrainRiskStep)
                .next(forecastScoreStep).build();
    }

    @Bean
    Step forecastTrainDemandStep(JobRepository repository, PlatformTransactionManager transactions, ForecastData data,
                                 ModelRegistry registry, ForecastJobSettings settings) {
        return new StepBuilder("forecastTrainDemand", repository).tasklet((contribution, chunk) -> {
            StepExecution step = chunk.getStepContext().getStepExecution();
            LocalDate asOf = asOf(step, data);
            List<ForecastData.Pair> pairs = data.pairs(asOf);
            List<DemandSeries> series = data.series(pairs, asOf);
            DemandDriver driver = data.driver(settings.dataDirectory());
            long begin = System.currentTimeMillis();
            DemandModel model = new DemandTrainer(settings.demand()).train(series, asOf, driver);
            java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>(model.metrics());
            metrics.put("series", (double) series.size());
            metrics.put("train_millis", (double) (System.currentTimeMillis() - begin));
            ModelRegistry.Registered registered = registry.save(ModelCodec.demand(model),
                    step.getJobExecution().getId(), ModelCodec.metricsJson(metrics));
            step.getJobExecution().getExecutionContext().putLong(DEMAND_MODEL_ID, registered.id());
            log.info("Demand model {} v{} trained as of {} on {} series in {} ms", model.name(),
                    registered.version(), asOf, series.size(), System.currentTimeMillis() - begin);
            return RepeatStatus.FINISHED;
        }, transactions).build();
    }

    @Bean
    Step forecastTrainRiskStep(JobRepository repository, PlatformTransactionManager transactions, ForecastData data,
                               ModelRegistry registry, ForecastJobSettings settings, DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        return new StepBuilder("forecastTrainRisk", repository).tasklet((contribution, chunk) -> {
            StepExecution step = chunk.getStepContext().getStepExecution();
            if (!settings.riskModels()) {
                return RepeatStatus.FINISHED;
            }
            RiskSources sources = RiskFiles.read(settings.dataDirectory());
            LocalDate asOf = asOf(step, data);
            LocalDate riskAsOf = asOf.isAfter(sources.lastFiled()) ? sources.lastFiled().plusDays(1) : asOf;
            for (int horizon : new int[] {30, 90}) {
                RiskModel model = RiskTrainer.served(settings.seed(), 1).train(sources, riskAsOf, horizon);
                ModelRegistry.Registered registered = registry.save(ModelCodec.risk(model),
                        step.getJobExecution().getId(), ModelCodec.metricsJson(model.metrics()));
                step.getJobExecution().getExecutionContext().putLong(RISK_MODEL_ID + "." + horizon, registered.id());
                int scored = storeRiskScores(jdbc, registered.id(), sources, model, riskAsOf);
                log.info("Risk model {} {} d v{} trained as of {}; {} ingredients scored", model.name(), horizon,
                        registered.version(), riskAsOf, scored);
            }
            return RepeatStatus.FINISHED;
        }, transactions).build();
    }

    /**
     * Keeps the shortage risk of every ingredient as the model scores it as of {@code asOf}, for the alerts on risk
     * (an upsert: a restarted step writes the same rows); how many.
     */
    static int storeRiskScores(JdbcTemplate jdbc, long modelId, RiskSources sources, RiskModel model, LocalDate asOf) {
        List<org.stockbridge.forecasting.risk.RiskRow> rows = RiskTrainer.rows(sources, List.of(asOf),
                model.horizonDays(), asOf);
        double[] p = model.probabilities(rows);
        List<Object[]> args = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String ingredient = rows.get(i).ingredient();
            args.add(new Object[] {modelId, ingredient, sources.atc(ingredient), asOf, model.horizonDays(),
                Math.min(1.0, Math.max(0.0, p[i]))});
        }
        jdbc.batchUpdate("""
                INSERT INTO shortage_risk_score (model_id, ingredient, atc_code, as_of, horizon_days, probability)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (model_id, ingredient) DO UPDATE SET atc_code = excluded.atc_code, as_of = excluded.as_of,
                    horizon_days = excluded.horizon_days, probability = excluded.probability, scored_at = now()""",
                args);
        return args.size();
    }

    @Bean
    Step forecastScoreStep(JobRepository repository, PlatformTransactionManager transactions, ForecastData data,
                           ModelRegistry registry, ForecastJobSettings settings, DataSource dataSource) {
        PairReader reader = new PairReader(data);
        ScoringProcessor processor = new ScoringProcessor(data, registry, settings);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        ItemWriter<List<ScoreRow>> writer = chunk -> {
            List<Object[]> args = new ArrayList<>();
            for (List<ScoreRow> rows : chunk) {
                for (ScoreRow r : rows) {
                    args.add(new Object[] {r.modelId(), r.siteId(), r.productId(), r.horizonDays(), r.asOf(),
                        r.expected(), r.p10(), r.p50(), r.p90(), r.usable(), r.stockoutProbability(),
                        r.expectedStockoutDate(), r.shortfallP50(), r.shortfallP90()});
                }
            }
            jdbc.batchUpdate("""
                    INSERT INTO forecast_score (model_id, site_id, product_id, horizon_days, as_of, demand_expected,
                        demand_p10, demand_p50, demand_p90, usable_on_hand, stockout_probability, expected_stockout_date,
                        shortfall_p50, shortfall_p90)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (model_id, site_id, product_id, horizon_days) DO UPDATE SET
                        as_of = excluded.as_of, demand_expected = excluded.demand_expected,
                        demand_p10 = excluded.demand_p10, demand_p50 = excluded.demand_p50,
                        demand_p90 = excluded.demand_p90, usable_on_hand = excluded.usable_on_hand,
                        stockout_probability = excluded.stockout_probability,
                        expected_stockout_date = excluded.expected_stockout_date,
                        shortfall_p50 = excluded.shortfall_p50, shortfall_p90 = excluded.shortfall_p90,
                        scored_at = now()""", args);
        };
        return new StepBuilder("forecastScore", repository).<ForecastData.Pair, List<ScoreRow>>chunk(
                settings.chunkSize(), transactions).reader(reader).processor(processor).writer(writer)
                .listener((org.springframework.batch.core.listener.StepExecutionListener) reader)
                .listener((org.springframework.batch.core.listener.StepExecutionListener) processor).build();
    }

    static LocalDate asOf(StepExecution step, ForecastData data) {
        String text = step.getJobParameters().getString("asOf");
        return text == null || text.isBlank() ? data.lastDay() : LocalDate.parse(text);
    }

    /** Reads the (site, product) pairs in a fixed order, saving its position with every chunk. */
    static final class PairReader extends AbstractItemCountingItemStreamItemReader<ForecastData.Pair>
            implements org.springframework.batch.core.listener.StepExecutionListener {

        private final ForecastData data;
        private List<ForecastData.Pair> pairs;
        private LocalDate asOf;

        PairReader(ForecastData data) {
            this.data = data;
            setName("forecastPairs");
        }

        @Override
        public void open(ExecutionContext context) {
            pairs = null;
            super.open(context);
        }

        @Override
        public void beforeStep(StepExecution stepExecution) {
            this.asOf = asOf(stepExecution, data);
        }

        @Override
        protected ForecastData.Pair doRead() {
            if (pairs == null) {
                pairs = data.pairs(asOf);
            }
            int index = getCurrentItemCount() - 1;
            return index < pairs.size() ? pairs.get(index) : null;
        }

        @Override
        protected void doOpen() {
        }

        @Override
        protected void doClose() {
            pairs = null;
        }
    }

    /** Scores one pair at every horizon, with the models this job execution registered. */
    static final class ScoringProcessor implements ItemProcessor<ForecastData.Pair, List<ScoreRow>>,
            org.springframework.batch.core.listener.StepExecutionListener {

        private final ForecastData data;
        private final ModelRegistry registry;
        private final ForecastJobSettings settings;
        private ForecastScoring scoring;
        private StepExecution step;

        ScoringProcessor(ForecastData data, ModelRegistry registry, ForecastJobSettings settings) {
            this.data = data;
            this.registry = registry;
            this.settings = settings;
        }

        @Override
        public void beforeStep(StepExecution stepExecution) {
            this.step = stepExecution;
            this.scoring = null;
        }

        @Override
        public List<ScoreRow> process(ForecastData.Pair pair) {
            if (scoring == null) {
                scoring = load();
            }
            return scoring.score(pair);
        }

        private ForecastScoring load() {
            JobExecution job = step.getJobExecution();
            LocalDate asOf = asOf(step, data);
            long id = job.getExecutionContext().getLong(DEMAND_MODEL_ID);
            ModelArtifact artifact = registry.find(id).orElseThrow(() -> new IllegalStateException(
                    "demand model " + id + " is not in the registry")).artifact();
            DemandModel model = ModelCodec.demandModel(artifact);
            List<ForecastData.Pair> pairs = data.pairs(asOf);
            List<DemandSeries> panel = data.series(pairs, asOf);
            Map<String, Double> risk = Map.of();
            String riskKey = RISK_MODEL_ID + ".90";
            if (job.getExecutionContext().containsKey(riskKey)) {
                RiskModel riskModel = ModelCodec.riskModel(registry.find(job.getExecutionContext().getLong(riskKey))
                        .orElseThrow().artifact());
                risk = ForecastScoring.riskByAtc(RiskFiles.read(settings.dataDirectory()), riskModel, asOf);
            }
            return new ForecastScoring(id, model, panel, data.positions(pairs, asOf, settings.leadTimes()), risk,
                    data.driver(settings.dataDirectory()), asOf);
        }
    }
}
