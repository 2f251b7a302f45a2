package org.stockbridge.forecasting.transfer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds transfer problems for tests: sites by code, products by code, lanes one day and one dollar unless told. */
final class TransferProblemBuilder {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    private final Map<String, TransferSite> sites = new HashMap<>();
    private final Map<String, TransferProduct> products = new HashMap<>();
    private final List<ProductAuthorisation> authorisations = new ArrayList<>();
    private final List<Shortfall> shortfalls = new ArrayList<>();
    private final List<DonorStock> donors = new ArrayList<>();
    private final Map<String, Route> routes = new HashMap<>();
    private final Set<String> closed = new HashSet<>();
    private Route defaultRoute = new Route(1, 1.0, List.of());
    private long nextLot = 1;

    TransferProblemBuilder site(String code, String jurisdiction, boolean federal) {
        sites.put(code, new TransferSite(sites.size() + 1, code, jurisdiction, federal, jurisdiction + "-1"));
        return this;
    }

    TransferProblemBuilder product(String code, Long group, int packSize, String market) {
        products.put(code, new TransferProduct(products.size() + 100, code, group, packSize, market));
        return this;
    }

    TransferProblemBuilder authorise(String product, String jurisdiction, String basis, LocalDate from, LocalDate to) {
        authorisations.add(new ProductAuthorisation(product(product).productId(), jurisdiction, basis, from, to));
        return this;
    }

    TransferProblemBuilder shortfall(String site, String product, long quantity, double dailyDemand, double criticality) {
        TransferProduct p = product(product);
        shortfalls.add(new Shortfall(site(site).siteId(), p.productId(), p.equivalenceGroupId(), quantity, dailyDemand,
                TODAY.plusDays(14), criticality));
        return this;
    }

    /** A shortfall of which open transfers already bring {@code alreadyComing} units beside {@code quantity}. */
    TransferProblemBuilder shortfall(String site, String product, long quantity, long alreadyComing) {
        TransferProduct p = product(product);
        shortfalls.add(new Shortfall(site(site).siteId(), p.productId(), p.equivalenceGroupId(), quantity, 10,
                TODAY.plusDays(14), 1, alreadyComing));
        return this;
    }

    /** A donor with safety stock {@code keep}, no other floors, and the given lots. */
    TransferProblemBuilder donor(String site, String product, long keep, DonorLot... lots) {
        return donor(site, product, keep, 0, 0, lots);
    }

    TransferProblemBuilder donor(String site, String product, long safety, long reserve, long needOverLead,
                                 DonorLot... lots) {
        TransferProduct p = product(product);
        donors.add(new DonorStock(site(site).siteId(), p.productId(), p.equivalenceGroupId(), p.packSize(), safety,
                reserve, needOverLead, List.of(lots)));
        return this;
    }

    DonorLot lot(String number, long onHand, LocalDate expiry) {
        return new DonorLot(nextLot++, number, onHand, expiry, null, "RELEASED");
    }

    /** A lot of which open transfers out of the donor have already promised {@code promised} units. */
    DonorLot promisedLot(String number, long onHand, long promised, LocalDate expiry) {
        return new DonorLot(nextLot++, number, onHand, expiry, null, "RELEASED", promised);
    }

    DonorLot slepLot(String number, long onHand, LocalDate labelled, LocalDate extended) {
        return new DonorLot(nextLot++, number, onHand, labelled, extended, "RELEASED");
    }

    DonorLot lot(String number, long onHand, LocalDate expiry, String status) {
        return new DonorLot(nextLot++, number, onHand, expiry, null, status);
    }

    TransferProblemBuilder route(String from, String to, int days, double cost, String... crossings) {
        routes.put(from + ">" + to, new Route(days, cost, List.of(crossings)));
        return this;
    }

    TransferProblemBuilder closed(String from, String to) {
        closed.add(from + ">" + to);
        return this;
    }

    TransferProblemBuilder defaultRoute(int days, double cost) {
        defaultRoute = new Route(days, cost, List.of());
        return this;
    }

    TransferSite site(String code) {
        TransferSite site = sites.get(code);
        if (site == null) {
            throw new IllegalArgumentException("no site " + code);
        }
        return site;
    }

    TransferProduct product(String code) {
        TransferProduct product = products.get(code);
        if (product == null) {
            throw new IllegalArgumentException("no product " + code);
        }
        return product;
    }

    TransferProblem build() {
        Lanes lanes = (from, to) -> {
            String key = from.code() + ">" + to.code();
            if (closed.contains(key)) {
                return Optional.empty();
            }
            return Optional.of(routes.getOrDefault(key, defaultRoute));
        };
        return new TransferProblem(TODAY, List.copyOf(sites.values()), List.copyOf(products.values()),
                authorisations, shortfalls, donors, lanes);
    }
}
