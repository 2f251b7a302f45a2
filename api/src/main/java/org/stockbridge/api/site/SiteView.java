package org.stockbridge.api.site;

/** A stockpile location as the API shows it. */
record SiteView(String code, String name, String jurisdiction, String agency, String agencyName, String kind,
                String region, String stateProvince, String city, String postalCode, Double latitude,
                Double longitude, boolean federal, String source) {
}
