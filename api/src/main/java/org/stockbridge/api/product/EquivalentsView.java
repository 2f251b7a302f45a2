package org.stockbridge.api.product;

import java.time.LocalDate;
import java.util.List;

/**
 * The cross-border equivalents of a product: the other members of its equivalence group (same ingredients, strength,
 * form and route), each with its authorisation status per jurisdiction on {@code asOf}.
 */
record EquivalentsView(String product, ProductDetail.GroupView equivalenceGroup, LocalDate asOf,
                       List<Equivalent> equivalents) {

    record Equivalent(ProductView product, List<ProductDetail.IdentifierView> identifiers,
                      List<AuthorisationView> authorisations) {
    }
}
