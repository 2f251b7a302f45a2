package org.stockbridge.batch.shortage;

import java.util.List;
import java.util.TreeSet;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.stockbridge.batch.reference.DrugForms;
import org.stockbridge.domain.shortage.ReportFields;

/**
 * Rule: a report's ingredients as the catalogue names equivalence groups, its active moieties sorted and joined
 * with {@code " + "} ({@code DEXTROSE + LIDOCAINE}), so reports link to groups by ingredient. Lists a format cannot
 * split (the 2017 and 2018 exports join multi-word ingredients with spaces) give a key only for one ingredient.
 */
final class MoietyKeyProcessor implements ItemProcessor<IngestItem, IngestItem> {

    private final java.util.Map<String, String> cache = new java.util.HashMap<>();

    private String moieties(String ingredient) {
        return cache.computeIfAbsent(ingredient, DrugForms::moiety);
    }

    @Override
    public IngestItem process(IngestItem item) {
        if (!(item instanceof IngestItem.Accepted accepted)) {
            return item;
        }
        List<String> ingredients = accepted.report().list(ReportFields.INGREDIENTS);
        if (ingredients.isEmpty()) {
            return item;
        }
        TreeSet<String> moieties = new TreeSet<>();
        for (String ingredient : ingredients) {
            String moiety = moieties(ingredient);
            if (!moiety.isEmpty()) {
                moieties.add(moiety);
            }
        }
        return moieties.isEmpty() ? item
                : new IngestItem.Accepted(accepted.report(), String.join(" + ", moieties));
    }
}
