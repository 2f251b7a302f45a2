package org.stockbridge.api.alert;

import java.util.List;

/**
 * A validated subscription request: events by name, codes upper-cased and without duplicates, and the parameters its
 * events need (null when none of them does).
 */
record Watch(String name, List<String> events, List<String> products, List<String> equivalenceGroups,
             List<String> atcPrefixes, List<String> sites, List<String> jurisdictions, String webhookUrl,
             Double threshold, Integer horizonDays, Integer withinDays) {

    static String[] array(List<String> values) {
        return values.toArray(String[]::new);
    }
}
