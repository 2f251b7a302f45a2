package org.stockbridge.batch.reference;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A normalised strength such as {@code 10 MG/ML} or {@code 500 MG}: masses in milligrams, concentrations per
 * millilitre, so that Health Canada's "50 MG per 5 ML" and FDA's "10 mg/1 mL" compare equal.
 */
record Strength(BigDecimal amount, String unit, boolean perMillilitre) {

    private static final Pattern PRESENTATION = Pattern.compile(
            "(\\d[\\d,]*(?:\\.\\d+)?)\\s*(mcg|µg|mg|g|units?|iu|meq|mmol|%)\\b(?:\\s*(?:/|per)\\s*(\\d[\\d.]*)?\\s*(ml|l)\\b)?",
            Pattern.CASE_INSENSITIVE);

    /** From a DPD ingredient row: strength, unit, and the optional "per" quantity and unit. */
    static Optional<Strength> ofDpd(String strength, String unit, String perValue, String perUnit) {
        BigDecimal amount = decimal(strength);
        if (amount == null || unit == null || unit.isBlank()) {
            return Optional.empty();
        }
        String perU = perUnit == null ? "" : perUnit.trim().toUpperCase(Locale.ROOT);
        boolean perMl = perU.equals("ML") || perU.equals("L");
        if (perMl) {
            BigDecimal per = decimal(perValue);
            if (per == null) {
                per = BigDecimal.ONE;
            }
            if (perU.equals("L")) {
                per = per.multiply(BigDecimal.valueOf(1000));
            }
            if (per.signum() == 0) {
                return Optional.empty();
            }
            amount = amount.divide(per, 6, java.math.RoundingMode.HALF_UP);
        }
        return normalise(amount, unit, perMl);
    }

    /** The first strength in an FDA presentation text, e.g. "Furosemide, Injection, 10 mg/1 mL (NDC ...)". */
    static Optional<Strength> ofPresentation(String presentation) {
        if (presentation == null) {
            return Optional.empty();
        }
        String text = presentation.replaceAll("\\(NDC[^)]*\\)", "");
        Matcher m = PRESENTATION.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        BigDecimal amount = decimal(m.group(1).replace(",", ""));
        if (amount == null) {
            return Optional.empty();
        }
        boolean perMl = m.group(4) != null;
        if (perMl) {
            BigDecimal per = m.group(3) == null ? BigDecimal.ONE : decimal(m.group(3));
            if (per == null || per.signum() == 0) {
                return Optional.empty();
            }
            if (m.group(4).equalsIgnoreCase("l")) {
                per = per.multiply(BigDecimal.valueOf(1000));
            }
            amount = amount.divide(per, 6, java.math.RoundingMode.HALF_UP);
        }
        return normalise(amount, m.group(2), perMl);
    }

    private static Optional<Strength> normalise(BigDecimal amount, String unit, boolean perMl) {
        String u = unit.trim().toUpperCase(Locale.ROOT).replace("µG", "MCG");
        switch (u) {
            case "G" -> { amount = amount.multiply(BigDecimal.valueOf(1000)); u = "MG"; }
            case "MCG", "UG" -> { amount = amount.divide(BigDecimal.valueOf(1000), 9, java.math.RoundingMode.HALF_UP); u = "MG"; }
            case "UNITS", "UNIT", "IU" -> u = "UNIT";
            default -> { }
        }
        return Optional.of(new Strength(amount.stripTrailingZeros(), u, perMl));
    }

    String label() {
        return amount.toPlainString() + " " + unit + (perMillilitre ? "/ML" : "");
    }

    private static BigDecimal decimal(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
