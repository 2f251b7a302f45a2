package org.stockbridge.api.product;

/** A catalogue product as the API lists it. */
record ProductView(String code, String kind, String name, String genericName, String strength, String dosageForm,
                   String route, String unitOfIssue, int packSize, String manufacturer, String atcCode,
                   String marketJurisdiction, String equivalenceGroup, String source) {
}
