package org.stockbridge.domain;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ten HHS regions (codes {@code HHS-1} … {@code HHS-10}) and the U.S. states and territories each covers, as HHS
 * publishes them. ASPR's regional stockpile sites and every U.S. dispensing site belong to one region.
 */
public final class HhsRegions {

    private static final Map<String, String> STATE_REGION = new HashMap<>();
    private static final Map<String, List<String>> REGION_STATES = new LinkedHashMap<>();

    static {
        region("HHS-1", "CT", "ME", "MA", "NH", "RI", "VT");
        region("HHS-2", "NJ", "NY", "PR", "VI");
        region("HHS-3", "DE", "DC", "MD", "PA", "VA", "WV");
        region("HHS-4", "AL", "FL", "GA", "KY", "MS", "NC", "SC", "TN");
        region("HHS-5", "IL", "IN", "MI", "MN", "OH", "WI");
        region("HHS-6", "AR", "LA", "NM", "OK", "TX");
        region("HHS-7", "IA", "KS", "MO", "NE");
        region("HHS-8", "CO", "MT", "ND", "SD", "UT", "WY");
        region("HHS-9", "AZ", "CA", "HI", "NV", "AS", "GU", "MP", "FM", "MH", "PW");
        region("HHS-10", "AK", "ID", "OR", "WA");
    }

    private HhsRegions() {
    }

    private static void region(String region, String... states) {
        REGION_STATES.put(region, List.of(states));
        for (String state : states) {
            STATE_REGION.put(state, region);
        }
    }

    /** The HHS region of a U.S. state or territory code (case and surrounding blanks ignored). */
    public static Optional<String> of(String state) {
        return Optional.ofNullable(state == null ? null : STATE_REGION.get(state.trim().toUpperCase()));
    }

    /** The region codes, {@code HHS-1} first. */
    public static List<String> regions() {
        return List.copyOf(REGION_STATES.keySet());
    }

    /** The states and territories of a region; empty for an unknown code. */
    public static List<String> states(String region) {
        return REGION_STATES.getOrDefault(region, Collections.emptyList());
    }
}
