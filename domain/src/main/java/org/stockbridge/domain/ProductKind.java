package org.stockbridge.domain;

/** The three kinds of medical countermeasure a stockpile holds. */
public enum ProductKind {
    DRUG, PPE, DEVICE;

    public static ProductKind parse(String value) {
        return EnumParsing.parse(ProductKind.class, "kind", value);
    }
}
