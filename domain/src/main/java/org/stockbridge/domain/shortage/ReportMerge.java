package org.stockbridge.domain.shortage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a newly read record does to the report already stored under its key. The record's fields replace the stored
 * ones; fields its format does not carry keep their stored value. A record older than what is stored (both carry a
 * last-updated date and the record's is earlier) changes nothing, so reading an older export after a newer one never
 * turns a report back. Of the same last-updated date, when both say when that day ({@link ReportFields#UPDATED_AT},
 * the DSC API does), the later one is the newer and the earlier one is ignored; otherwise a record of the same
 * last-updated date describes the same state of the report, perhaps in another format's words (an export repeats a
 * route per ingredient, the API does not): it only fills fields the stored report lacks (and, for a full snapshot,
 * sets whether the report is listed), except the time of the update, which is bookkeeping, not content.
 *
 * @param merged  the report as it is to be stored
 * @param changes the fields that differ from the stored report, in field order; empty when nothing changed
 * @param stale   whether the record was older than the stored report and so was ignored
 */
public record ReportMerge(ShortageReport merged, List<FieldChange> changes, boolean stale) {

    /** Whether a report is listed follows the newest snapshot whatever the report's own dates. */
    private static final java.util.Set<String> SNAPSHOT_FIELDS = java.util.Set.of(ReportFields.LISTED,
            ReportFields.DELISTED_ON);

    public ReportMerge {
        changes = List.copyOf(changes);
    }

    public static ReportMerge of(ShortageReport stored, ShortageReport incoming) {
        if (stored.source() != incoming.source() || !stored.sourceKey().equals(incoming.sourceKey())) {
            throw new IllegalArgumentException("cannot merge report " + incoming.source() + " " + incoming.sourceKey()
                    + " into " + stored.source() + " " + stored.sourceKey());
        }
        LocalDate storedUpdated = stored.date(ReportFields.UPDATED);
        LocalDate incomingUpdated = incoming.date(ReportFields.UPDATED);
        if (storedUpdated != null && incomingUpdated != null && incomingUpdated.isBefore(storedUpdated)) {
            return new ReportMerge(stored, List.of(), true);
        }
        boolean sameAge = storedUpdated != null && storedUpdated.equals(incomingUpdated);
        String storedAt = stored.text(ReportFields.UPDATED_AT);
        String incomingAt = incoming.text(ReportFields.UPDATED_AT);
        if (sameAge && storedAt != null && incomingAt != null && !storedAt.equals(incomingAt)) {
            if (java.time.Instant.parse(incomingAt).isBefore(java.time.Instant.parse(storedAt))) {
                return new ReportMerge(stored, List.of(), true);
            }
            sameAge = false;
        }
        Map<String, String> merged = new LinkedHashMap<>(stored.fields());
        List<FieldChange> changes = new ArrayList<>();
        for (Map.Entry<String, String> field : incoming.fields().entrySet()) {
            String before = stored.fields().get(field.getKey());
            if (!stored.fields().containsKey(field.getKey()) && field.getValue() == null) {
                merged.put(field.getKey(), null);
                continue;
            }
            if (sameAge && (before != null || field.getKey().equals(ReportFields.UPDATED_AT))
                    && !SNAPSHOT_FIELDS.contains(field.getKey())) {
                continue;
            }
            if (!Objects.equals(before, field.getValue())) {
                changes.add(new FieldChange(field.getKey(), before, field.getValue()));
            }
            merged.put(field.getKey(), field.getValue());
        }
        List<FieldChange> ordered = new ArrayList<>();
        for (String name : ReportFields.CONTENT) {
            changes.stream().filter(c -> c.field().equals(name)).forEach(ordered::add);
        }
        return new ReportMerge(changes.isEmpty() ? stored : new ShortageReport(stored.source(), stored.sourceKey(),
                merged), ordered, false);
    }

    public boolean unchanged() {
        return changes.isEmpty();
    }

    /** The report as it was before a version, from the report after it and that version's changes. */
    public static ShortageReport undo(ShortageReport after, List<FieldChange> changes) {
        Map<String, String> before = new LinkedHashMap<>(after.fields());
        for (FieldChange change : changes) {
            before.put(change.field(), change.before());
        }
        return new ShortageReport(after.source(), after.sourceKey(), before);
    }
}
