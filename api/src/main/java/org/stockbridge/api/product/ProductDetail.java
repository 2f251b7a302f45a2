package org.stockbridge.api.product;

import java.util.List;

/** One product with its identifiers, its equivalence group and its authorisation status in each jurisdiction. */
record ProductDetail(ProductView product, List<IdentifierView> identifiers, GroupView equivalenceGroup,
                     List<AuthorisationView> authorisations) {

    record IdentifierView(String system, String value) {
    }

    record GroupView(String code, String name, String atcCode, String ingredients, String strength, String dosageForm,
                     String route, boolean essential, String essentialCategory) {
    }
}
