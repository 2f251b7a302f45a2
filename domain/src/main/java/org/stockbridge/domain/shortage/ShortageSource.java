package org.stockbridge.domain.shortage;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.stockbridge.domain.Jurisdiction;

/** Who published a shortage report, and in which country. */
public enum ShortageSource {
    /** Drug Shortages Canada (now Health Product Shortages Canada), the mandatory reporting database since 2017. */
    DSC(Jurisdiction.CA, "dsc"),
    /**
     * drugshortages.ca, the voluntary industry database that came before DSC: it ended on 2017-03-14, the day
     * mandatory reporting to DSC came into force.
     */
    DRUGSHORTAGES_CA(Jurisdiction.CA, "drugshortages-ca", LocalDate.of(2017, 3, 14)),
    /** The FDA drug shortages list, as published by openFDA. */
    FDA(Jurisdiction.US, "fda-shortages");

    private final Jurisdiction country;
    private final String dataSource;
    private final LocalDate endedOn;

    ShortageSource(Jurisdiction country, String dataSource) {
        this(country, dataSource, null);
    }

    ShortageSource(Jurisdiction country, String dataSource, LocalDate endedOn) {
        this.country = country;
        this.dataSource = dataSource;
        this.endedOn = endedOn;
    }

    /** The day the source stopped reporting; null while it is live. */
    public LocalDate endedOn() {
        return endedOn;
    }

    /** Whether the source still reports: its reports count in the current picture. */
    public boolean live() {
        return endedOn == null;
    }

    /** The sources that still report. */
    public static List<ShortageSource> liveOnes() {
        return Arrays.stream(values()).filter(ShortageSource::live).toList();
    }

    public Jurisdiction country() {
        return country;
    }

    /** The code of this source in the catalogue of data sources. */
    public String dataSource() {
        return dataSource;
    }
}
