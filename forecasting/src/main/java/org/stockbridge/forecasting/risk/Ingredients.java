package org.stockbridge.forecasting.risk;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/** Ingredient keys: the active ingredients of a product, upper case, sorted and joined with " + ". */
public final class Ingredients {

    private Ingredients() {
    }

    /** The key of a multi-valued ingredient field (separated by line breaks, as the DSC export writes them). */
    public static String key(String ingredients) {
        if (ingredients == null) {
            return "";
        }
        return key(Arrays.asList(ingredients.split("[\\r\\n]+")));
    }

    /** The key of ingredients given one by one (as a shortage report lists them). */
    public static String key(Collection<String> ingredients) {
        return ingredients.stream().map(Ingredients::name).filter(s -> !s.isEmpty()).distinct().sorted()
                .collect(Collectors.joining(" + "));
    }

    /** One ingredient name, trimmed, upper case, inner blanks collapsed. */
    public static String name(String ingredient) {
        return ingredient == null ? "" : ingredient.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }
}
