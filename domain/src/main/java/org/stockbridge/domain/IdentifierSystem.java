package org.stockbridge.domain;

import java.util.Locale;

/**
 * Product identifier systems. NDC, DIN and GTIN name one product each; RxCUI and ATC classify many.
 */
public enum IdentifierSystem {
    NDC(true), DIN(true), GTIN(true), RXCUI(false), ATC(false);

    private final boolean unique;

    IdentifierSystem(boolean unique) {
        this.unique = unique;
    }

    public boolean namesOneProduct() {
        return unique;
    }

    public static IdentifierSystem parse(String value) {
        return EnumParsing.parse(IdentifierSystem.class, "system", value);
    }

    /**
     * The form identifiers are compared in: upper case with punctuation removed, so {@code 0409-6695-02} and
     * {@code 0409669502} meet.
     */
    public static String lookupKey(String value) {
        return value == null ? "" : value.replaceAll("[^0-9A-Za-z]", "").toUpperCase(Locale.ROOT);
    }
}
