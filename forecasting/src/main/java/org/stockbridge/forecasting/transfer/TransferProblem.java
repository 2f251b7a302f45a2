package org.stockbridge.forecasting.transfer;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** Everything one recommendation run needs: shortfalls, donors' stock, product rules and the lanes between sites. */
public record TransferProblem(LocalDate today, List<TransferSite> sites, List<TransferProduct> products,
                              List<ProductAuthorisation> authorisations, List<Shortfall> shortfalls,
                              List<DonorStock> donors, Lanes lanes) {

    public TransferProblem {
        Objects.requireNonNull(today, "today must not be null");
        sites = List.copyOf(Objects.requireNonNull(sites, "sites must not be null"));
        products = List.copyOf(Objects.requireNonNull(products, "products must not be null"));
        authorisations = List.copyOf(Objects.requireNonNull(authorisations, "authorisations must not be null"));
        shortfalls = List.copyOf(Objects.requireNonNull(shortfalls, "shortfalls must not be null"));
        donors = List.copyOf(Objects.requireNonNull(donors, "donors must not be null"));
        Objects.requireNonNull(lanes, "lanes must not be null");
    }
}
