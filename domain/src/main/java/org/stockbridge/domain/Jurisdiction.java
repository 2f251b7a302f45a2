package org.stockbridge.domain;

/** The two countries whose stockpiles Stockbridge tracks. */
public enum Jurisdiction {
    US("United States"),
    CA("Canada");

    private final String displayName;

    Jurisdiction(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public static Jurisdiction parse(String code) {
        return EnumParsing.parse(Jurisdiction.class, "jurisdiction", code);
    }
}
