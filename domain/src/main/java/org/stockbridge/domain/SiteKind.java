package org.stockbridge.domain;

/** What a stockpile location is, from the national stockpile down to a dispensing site. */
public enum SiteKind {
    NATIONAL, REGIONAL, PROVINCIAL, STATE, HOSPITAL, DISPENSING;

    public static SiteKind parse(String value) {
        return EnumParsing.parse(SiteKind.class, "kind", value);
    }
}
