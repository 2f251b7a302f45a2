package org.stockbridge.domain.shortage;

import org.stockbridge.domain.Jurisdiction;

/** Who published a shortage report, and in which country. */
public enum ShortageSource {
    /** Drug Shortages Canada (now Health Product Shortages Canada), the mandatory reporting database since 2017. */
    DSC(Jurisdiction.CA, "dsc"),
    /** drugshortages.ca, the voluntary industry database that came before DSC (to March 2017). */
    DRUGSHORTAGES_CA(Jurisdiction.CA, "drugshortages-ca"),
    /** The FDA drug shortages list, as published by openFDA. */
    FDA(Jurisdiction.US, "fda-shortages");

    private final Jurisdiction country;
    private final String dataSource;

    ShortageSource(Jurisdiction country, String dataSource) {
        this.country = country;
        this.dataSource = dataSource;
    }

    public Jurisdiction country() {
        return country;
    }

    /** The code of this source in the catalogue of data sources. */
    public String dataSource() {
        return dataSource;
    }
}
