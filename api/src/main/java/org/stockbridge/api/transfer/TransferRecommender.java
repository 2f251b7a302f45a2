package org.stockbridge.api.transfer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.stockbridge.api.forecast.DemandProjections;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.forecasting.transfer.DonorLot;
import org.stockbridge.forecasting.transfer.DonorStock;
import org.stockbridge.forecasting.transfer.ProductAuthorisation;
import org.stockbridge.forecasting.transfer.RecommendedTransfer;
import org.stockbridge.forecasting.transfer.Shortfall;
import org.stockbridge.forecasting.transfer.ShortfallOutcome;
import org.stockbridge.forecasting.transfer.TransferPlan;
import org.stockbridge.forecasting.transfer.TransferProblem;
import org.stockbridge.forecasting.transfer.TransferProduct;
import org.stockbridge.forecasting.transfer.TransferSite;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a transfer problem from the ledger, the catalogue, the lanes and the demand projections, solves it on the
 * solver's bounded scheduler and answers with the shortfalls and the recommended transfers; stores them as
 * RECOMMENDED transfers when asked.
 *
 * <p>Shortfalls are the projected shortfall at the requested demand quantile over the horizon at every site with
 * consumption history, rounded up to whole units; the daily demand a lot's shelf life must cover is the quantile's
 * demand over the horizon divided by its days; a shortfall is needed by the day stock runs out at that quantile.
 * Criticality is 1, plus 1 for an essential medicine (CLEAN Meds), plus 1 under an active or anticipated tier-3
 * shortage report. A donor keeps the largest of its safety stock,
 * reserve floor and its own demand at the quantile over the horizon.
 *
 * <p>Open transfers count ({@link OpenTransfers}): what a donor's lots have promised in transfers not yet dispatched
 * is no longer surplus, and what transfers not yet received bring to a site within the horizon is taken off its
 * shortfall, so that a recommendation saved twice promises nothing twice.
 */
@Service
class TransferRecommender {

    /** The problem of a save whose open transfers changed while its plan was solved. */
    static final String OPEN_TRANSFERS_CHANGED = "open-transfers-changed";

    private final RecommendationData data;
    private final LaneRepository lanes;
    private final DemandProjections projections;
    private final TransferSolving solving;
    private final TransferRepository transfers;
    private final JsonMapper json;
    private final MeterRegistry meters;

    TransferRecommender(RecommendationData data, LaneRepository lanes, DemandProjections projections,
                        TransferSolving solving, TransferRepository transfers, JsonMapper json, MeterRegistry meters) {
        this.meters = meters;
        this.data = data;
        this.lanes = lanes;
        this.projections = projections;
        this.solving = solving;
        this.transfers = transfers;
        this.json = json;
    }

    /** What to solve for. */
    record Parameters(double quantile, int horizonDays, Jurisdiction jurisdiction, Set<String> productCodes) {
    }

    /** A what-if applied to the inputs; {@link #NONE} for the situation as it is. */
    record Scenario(List<RecommendationViews.Surge> surges, Set<String> closedSites, Set<String> closedCrossings,
                    Set<String> recalledProducts, Set<String> recalledLots) {

        static final Scenario NONE = new Scenario(List.of(), Set.of(), Set.of(), Set.of(), Set.of());
    }

    /** A solved run: the answer, the plan's transfers to store, and what the open transfers were when it read them. */
    record Run(RecommendationViews.Response response, List<RecommendedTransfer> transfers,
               List<RecommendationViews.Recommendation> views, Map<Long, RecommendationData.Site> sites,
               RecommendationData.Fingerprint fingerprint) {
    }

    Mono<Run> recommend(Parameters parameters, Scenario scenario, Caller caller) {
        return data.load().flatMap(inputs -> {
            Map<String, Double> multipliers = multipliers(scenario, inputs.sites());
            return Mono.zip(lanes.table(), projections.project(parameters.quantile(), parameters.horizonDays(),
                            multipliers))
                    .publishOn(solving.scheduler())
                    .map(t -> solve(parameters, scenario, caller, inputs, t.getT1(), t.getT2()));
        });
    }

    /**
     * Why {@code caller} may not store this run's transfers, or null when it may: a manager stores only transfers that
     * concern their jurisdiction (leave or reach one of its sites; a cross-border one concerns both countries), as
     * they could approve or cancel nothing else. Nothing is stored when one of them does not.
     */
    static String saveRefused(Run run, Caller caller) {
        List<String> outside = new ArrayList<>();
        for (RecommendedTransfer r : run.transfers()) {
            RecommendationData.Site from = run.sites().get(r.fromSiteId());
            RecommendationData.Site to = run.sites().get(r.toSiteId());
            if (!TransferRules.concerns(caller.jurisdiction(), Jurisdiction.valueOf(from.jurisdiction()),
                    Jurisdiction.valueOf(to.jurisdiction()))) {
                outside.add(from.code() + "->" + to.code());
            }
        }
        if (outside.isEmpty()) {
            return null;
        }
        return caller.client() + " acts in " + caller.jurisdiction() + ", and " + outside.size() + " of the "
                + run.transfers().size() + " recommended transfers do not concern it (" + String.join(", ",
                outside.subList(0, Math.min(5, outside.size()))) + (outside.size() > 5 ? ", ..." : "")
                + "); nothing was stored. Ask with jurisdiction " + caller.jurisdiction()
                + " to store the transfers into it, or without save to only look";
    }

    /**
     * Stores every recommendation of a run as a RECOMMENDED transfer; the answer then names each transfer. Run in a
     * transaction: it takes the recommendations' lock and stores nothing (409 {@code open-transfers-changed}) when the
     * open transfers changed since the run read them, as two plans solved at once would each promise the same lots.
     */
    Mono<RecommendationViews.Response> save(Run run, String actor) {
        List<RecommendationViews.Recommendation> saved = new ArrayList<>();
        Mono<Void> unchanged = data.lockRecommendations().then(data.fingerprint())
                .flatMap(now -> now.equals(run.fingerprint()) ? Mono.<Void>empty() : Mono.error(new ApiException(
                        HttpStatus.CONFLICT, OPEN_TRANSFERS_CHANGED, "Open transfers changed",
                        "open transfers changed while the plan was being solved; ask again")));
        return unchanged.thenMany(Flux.range(0, run.transfers().size()))
                .concatMap(i -> {
                    RecommendedTransfer r = run.transfers().get(i);
                    RecommendationViews.Recommendation view = run.views().get(i);
                    Jurisdiction from = Jurisdiction.valueOf(run.sites().get(r.fromSiteId()).jurisdiction());
                    Jurisdiction to = Jurisdiction.valueOf(run.sites().get(r.toSiteId()).jurisdiction());
                    NewTransfer transfer = new NewTransfer(r.fromSiteId(), r.toSiteId(), r.productId(), r.lotId(),
                            r.quantity(), r.packs(), r.packSize(), r.crossBorder(),
                            TransferRules.approvalsRequired(from, to), r.crossings(), r.transitDays(),
                            BigDecimal.valueOf(r.cost()).setScale(2, RoundingMode.HALF_UP), r.dispatchOn(),
                            r.arrivesOn(), json.writeValueAsString(view.explanation()));
                    return transfers.insert(transfer, actor).doOnNext(id -> saved.add(view.saved(id)));
                })
                .then(Mono.fromSupplier(() -> {
                    RecommendationViews.Response response = run.response();
                    return new RecommendationViews.Response(response.asOf(), response.quantile(),
                            response.horizonDays(), response.forecastModel(), response.solver(), response.shortfalls(),
                            List.copyOf(saved), response.supplyRiskFreshness());
                }));
    }

    private Run solve(Parameters parameters, Scenario scenario, Caller caller, RecommendationData.Inputs inputs,
                      LaneTable table, DemandProjections.Projections projected) {
        Map<Long, RecommendationData.Site> sites = new LinkedHashMap<>();
        for (RecommendationData.Site site : inputs.sites()) {
            if (caller.sees(site.id()) && !scenario.closedSites().contains(site.code())) {
                sites.put(site.id(), site);
            }
        }
        Map<Long, RecommendationData.Product> products = new HashMap<>();
        Map<String, RecommendationData.Product> productsByCode = new HashMap<>();
        for (RecommendationData.Product product : inputs.products()) {
            products.put(product.id(), product);
            productsByCode.put(product.code(), product);
        }
        int horizon = parameters.horizonDays();
        Map<Long, TransferSite> everySite = new HashMap<>();
        inputs.sites().forEach(s -> everySite.put(s.id(), transferSite(s)));
        // what a lot can still ship from its donor, by the optimiser's own rule (DonorLot: released, not expired
        // there, a SLEP date only at U.S. federal sites)
        Map<String, Long> usable = new HashMap<>();
        for (RecommendationData.StockedLot lot : inputs.stock()) {
            DonorLot donor = new DonorLot(lot.lotId(), lot.lotNumber(), lot.onHand(), lot.labelledExpiry(),
                    lot.extendedExpiry(), lot.status());
            TransferSite at = everySite.get(lot.siteId());
            if (at != null && donor.released() && !donor.expiredOn(at, projected.asOf())) {
                usable.merge(lot.siteId() + "/" + lot.lotId(), lot.onHand(), Long::sum);
            }
        }
        Map<Long, String> siteCodes = new HashMap<>();
        inputs.sites().forEach(s -> siteCodes.put(s.id(), s.code()));
        Map<Long, String> lotNumbers = new HashMap<>();
        inputs.stock().forEach(l -> lotNumbers.put(l.lotId(), l.lotNumber()));
        List<OpenTransfers.Open> openUnder = OpenTransfers.under(scenario, inputs.open(), siteCodes::get,
                id -> products.containsKey(id) ? products.get(id).code() : null, lotNumbers::get);
        OpenTransfers open = new OpenTransfers(openUnder, id -> {
            RecommendationData.Product product = products.get(id);
            return OpenTransfers.groupKey(id, product == null ? null : product.groupId());
        }, projected.asOf(), projected.asOf().plusDays(horizon),
                (siteId, lotId) -> usable.getOrDefault(siteId + "/" + lotId, 0L));
        List<Shortfall> shortfalls = new ArrayList<>();
        Map<String, Long> needOverHorizon = new HashMap<>();
        for (DemandProjections.Pair pair : projected.pairs()) {
            needOverHorizon.put(pair.siteId() + "/" + pair.productId(), (long) Math.ceil(pair.demandAtQuantile()));
            RecommendationData.Site site = sites.get(pair.siteId());
            RecommendationData.Product product = products.get(pair.productId());
            long quantity = (long) Math.ceil(pair.shortfall() - 1e-9);
            if (site == null || product == null || quantity < 1
                    || (parameters.jurisdiction() != null && !parameters.jurisdiction().name().equals(site.jurisdiction()))
                    || (parameters.productCodes() != null && !parameters.productCodes().contains(product.code()))) {
                continue;
            }
            LocalDate neededBy = pair.stockoutDate() != null ? pair.stockoutDate() : projected.asOf().plusDays(horizon);
            long coming = open.take(site.id(), OpenTransfers.groupKey(product.id(), product.groupId()), quantity,
                    neededBy);
            if (quantity - coming < 1) {
                continue;
            }
            shortfalls.add(new Shortfall(site.id(), product.id(), product.groupId(), quantity - coming,
                    Math.max(0, pair.demandAtQuantile()) / horizon, neededBy,
                    TransferRules.criticality(product.essential(), product.tier3()), coming));
        }
        Map<String, List<RecommendationData.StockedLot>> lotsByPair = new LinkedHashMap<>();
        for (RecommendationData.StockedLot lot : inputs.stock()) {
            if (sites.containsKey(lot.siteId())) {
                lotsByPair.computeIfAbsent(lot.siteId() + "/" + lot.productId(), k -> new ArrayList<>()).add(lot);
            }
        }
        List<DonorStock> donors = new ArrayList<>();
        for (List<RecommendationData.StockedLot> lots : lotsByPair.values()) {
            RecommendationData.StockedLot first = lots.get(0);
            RecommendationData.Product product = products.get(first.productId());
            List<DonorLot> stock = lots.stream().map(l -> new DonorLot(l.lotId(), l.lotNumber(), l.onHand(),
                    l.labelledExpiry(), l.extendedExpiry(), scenario.recalledProducts().contains(product.code())
                    || scenario.recalledLots().contains(product.code() + "/" + l.lotNumber()) ? "RECALLED"
                    : l.status(), open.promised(l.siteId(), l.lotId()))).toList();
            donors.add(new DonorStock(first.siteId(), first.productId(), product.groupId(), product.packSize(),
                    first.safetyStock(), first.reserveFloor(),
                    needOverHorizon.getOrDefault(first.siteId() + "/" + first.productId(), 0L), stock));
        }
        List<TransferSite> transferSites = sites.values().stream().map(TransferRecommender::transferSite).toList();
        List<TransferProduct> transferProducts = inputs.products().stream().map(p -> new TransferProduct(p.id(),
                p.code(), p.groupId(), p.packSize(), p.market())).toList();
        List<ProductAuthorisation> authorisations = inputs.authorisations().stream().map(a -> new ProductAuthorisation(
                a.productId(), a.jurisdiction(), a.basis(), a.validFrom(), a.validTo())).toList();
        LaneTable routes = scenario.closedCrossings().isEmpty() ? table : table.closing(scenario.closedCrossings());
        TransferProblem problem = new TransferProblem(projected.asOf(), transferSites, transferProducts,
                authorisations, shortfalls, donors, new TableLanes(routes));
        TransferPlan plan = solving.optimiser().solve(problem);
        // the solver's own time, by solver and outcome (OPTIMAL, FEASIBLE, TIME_LIMIT ...)
        Timer.builder("stockbridge.solver").description("Transfer-plan solves, by solver and status")
                .tag("solver", plan.solver()).tag("status", plan.status().name()).register(meters)
                .record(plan.solveMillis(), TimeUnit.MILLISECONDS);

        List<RecommendationViews.Shortfall> outcomes = new ArrayList<>();
        for (ShortfallOutcome o : plan.outcomes()) {
            outcomes.add(new RecommendationViews.Shortfall(site(sites.get(o.siteId())),
                    product(products.get(o.productId())), o.requested(), o.covered(), o.unmet(), o.reasonsUnmet()));
        }
        Map<Long, RecommendationData.StockedLot> lotById = new HashMap<>();
        inputs.stock().forEach(l -> lotById.put(l.lotId(), l));
        List<RecommendationViews.Recommendation> views = new ArrayList<>();
        for (RecommendedTransfer r : plan.transfers()) {
            RecommendationData.StockedLot lot = lotById.get(r.lotId());
            views.add(new RecommendationViews.Recommendation(null, site(sites.get(r.fromSiteId())),
                    site(sites.get(r.toSiteId())), product(products.get(r.productId())),
                    new RecommendationViews.Lot(r.lotNumber(), lot == null ? null : lot.labelledExpiry(),
                            lot == null ? null : lot.extendedExpiry()),
                    r.quantity(), r.packs(), r.packSize(), r.crossBorder(), r.crossings(), r.transitDays(), r.cost(),
                    r.dispatchOn(), r.arrivesOn(), r.explanation() == null ? null
                    : new RecommendationViews.Explanation(r.explanation().covers(), r.explanation().whyDonor(),
                            r.explanation().whyLot(), r.explanation().bindingConstraints(), r.explanation().unmet())));
        }
        RecommendationViews.Response response = new RecommendationViews.Response(projected.asOf(),
                parameters.quantile(), horizon, projected.model(), new RecommendationViews.Solver(plan.solver(),
                plan.status().name(), plan.gap(), plan.solveMillis(), plan.objective(), plan.bestBound()),
                outcomes, views, projected.supplyRiskFreshness());
        return new Run(response, plan.transfers(), views, sites, inputs.fingerprint());
    }

    private static TransferSite transferSite(RecommendationData.Site s) {
        return new TransferSite(s.id(), s.code(), s.jurisdiction(), s.federal(), s.laneRegion());
    }

    /** Demand multipliers by site code: a site's own surge, else its region's; surges of one place multiply. */
    private static Map<String, Double> multipliers(Scenario scenario, List<RecommendationData.Site> sites) {
        Map<String, Double> out = new HashMap<>();
        for (RecommendationViews.Surge surge : scenario.surges()) {
            for (RecommendationData.Site site : sites) {
                boolean hit = surge.siteCode() != null ? surge.siteCode().equals(site.code())
                        : surge.region().equals(site.region()) || surge.region().equals(site.laneRegion());
                if (hit) {
                    out.merge(site.code(), surge.multiplier(), (a, b) -> a * b);
                }
            }
        }
        return out;
    }

    private static RecommendationViews.Site site(RecommendationData.Site site) {
        return new RecommendationViews.Site(site.code(), site.name(), site.jurisdiction());
    }

    private static RecommendationViews.Product product(RecommendationData.Product product) {
        return new RecommendationViews.Product(product.code(), product.name());
    }
}
