package org.stockbridge.domain.shortage;

import java.util.Arrays;

/**
 * The statuses of Drug Shortages Canada: each has an API code (used by the API and the 2017 export) and a display label
 * (used by the exports since April 2018). A report keeps its status as the API code, whichever form the file used.
 */
public enum DscStatus {
    ANTICIPATED_SHORTAGE("anticipated_shortage", "Anticipated shortage"),
    ACTIVE_CONFIRMED("active_confirmed", "Actual shortage"),
    AVOIDED_SHORTAGE("avoided_shortage", "Avoided shortage"),
    RESOLVED("resolved", "Resolved"),
    TO_BE_DISCONTINUED("to_be_discontinued", "To be discontinued"),
    DISCONTINUED("discontinued", "Discontinued"),
    REVERSED("reversed", "Reversed");

    private final String code;
    private final String label;

    DscStatus(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    private static final java.util.Map<String, DscStatus> BY_KEY = new java.util.HashMap<>();

    static {
        for (DscStatus s : values()) {
            BY_KEY.put(Lifecycle.key(s.code), s);
            BY_KEY.put(Lifecycle.key(s.label), s);
        }
    }

    public static DscStatus of(String status) {
        DscStatus found = BY_KEY.get(Lifecycle.key(status));
        if (found != null) {
            return found;
        }
        throw new IllegalArgumentException("unknown Drug Shortages Canada status '" + status + "' (known: "
                + Arrays.stream(values()).map(s -> s.code + " / " + s.label).toList() + ")");
    }
}
