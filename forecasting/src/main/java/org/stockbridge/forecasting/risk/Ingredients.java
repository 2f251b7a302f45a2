package org.stockbridge.forecasting.risk;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Ingredient keys: the active moieties of a product, upper case, sorted and joined with " + ". The one rule that makes
 * the Drug Product Database and Drug Shortages Canada name an ingredient the same way: the DPD writes the salt or
 * ester after the moiety in brackets ({@code ABACAVIR (ABACAVIR SULFATE)}), DSC reports name the moiety alone
 * ({@code ABACAVIR}), so a trailing bracketed part after a blank is dropped (a strain or isotope in brackets goes
 * with it: {@code THALLOUS CHLORIDE (TI 201)}; a bracket without a blank, {@code P1(8)}, is part of the name). Other
 * spellings (a salt named without brackets,
 * {@code ENALAPRIL MALEATE}; vaccine names) are left as written: no rule tells them apart from distinct substances.
 */
public final class Ingredients {

    private static final Pattern SALT_IN_BRACKETS = Pattern.compile("^(.+?)\\s+\\(([^()]+)\\)$");

    private Ingredients() {
    }

    /** The key of a multi-valued ingredient field (separated by line breaks, as the DSC export writes them). */
    public static String key(String ingredients) {
        if (ingredients == null) {
            return "";
        }
        return key(Arrays.asList(ingredients.split("[\\r\\n]+")));
    }

    /** The key of ingredients given one by one (as a shortage report or a DPD product lists them). */
    public static String key(Collection<String> ingredients) {
        return ingredients.stream().map(Ingredients::moiety).filter(s -> !s.isEmpty()).distinct().sorted()
                .collect(Collectors.joining(" + "));
    }

    /** One ingredient name, trimmed, upper case, inner blanks collapsed. */
    public static String name(String ingredient) {
        return ingredient == null ? "" : ingredient.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    /**
     * The active moiety of one ingredient name: the {@link #name} without a trailing salt or ester in brackets
     * ({@code ROSUVASTATIN (ROSUVASTATIN CALCIUM)} is {@code ROSUVASTATIN}).
     */
    public static String moiety(String ingredient) {
        String name = name(ingredient);
        Matcher m = SALT_IN_BRACKETS.matcher(name);
        return m.matches() && !m.group(1).isBlank() ? m.group(1).trim() : name;
    }
}
