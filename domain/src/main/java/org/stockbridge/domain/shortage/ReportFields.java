package org.stockbridge.domain.shortage;

import java.util.List;

/**
 * The field names of a shortage report, as source records are read into them and as versions name what changed.
 * {@link #REPORT_ID} and the other identity fields name the report; the rest are its content.
 */
public final class ReportFields {

    public static final String REPORT_ID = "reportId";
    public static final String TYPE = "type";
    public static final String STATUS = "sourceStatus";
    public static final String LIFECYCLE = "lifecycle";
    public static final String DIN = "din";
    public static final String PACKAGE_NDC = "packageNdc";
    public static final String PRODUCT_NDC = "productNdc";
    public static final String BRAND_NAME = "brandName";
    public static final String COMMON_NAME = "commonName";
    public static final String COMPANY_NAME = "companyName";
    public static final String INGREDIENTS = "ingredients";
    public static final String STRENGTHS = "strengths";
    public static final String DOSAGE_FORM = "dosageForm";
    public static final String ROUTE = "route";
    public static final String PACKAGING = "packaging";
    public static final String ATC_CODE = "atcCode";
    public static final String ATC_DESCRIPTION = "atcDescription";
    public static final String REASON = "reason";
    public static final String TIER3 = "tier3";
    public static final String ANTICIPATED_START = "anticipatedStart";
    public static final String ACTUAL_START = "actualStart";
    public static final String ESTIMATED_END = "estimatedEnd";
    public static final String ACTUAL_END = "actualEnd";
    public static final String ANTICIPATED_DISCONTINUATION = "anticipatedDiscontinuation";
    public static final String DISCONTINUATION_DATE = "discontinuationDate";
    public static final String DECISION_REVERSAL = "decisionReversal";
    public static final String CREATED = "sourceCreated";
    public static final String UPDATED = "sourceUpdated";
    /**
     * When the source last updated the report, as precisely as it says, as an ISO-8601 instant
     * ({@code 2024-01-05T20:00:00Z}), for sources that say (the DSC API); it orders two records of the same
     * {@link #UPDATED} day.
     */
    public static final String UPDATED_AT = "sourceUpdatedAt";
    public static final String AVAILABILITY = "availability";
    public static final String AVAILABILITY_TEXT = "availabilityText";
    public static final String THERAPEUTIC_CATEGORY = "therapeuticCategory";
    public static final String COMMENTS = "comments";
    public static final String LISTED = "listed";
    public static final String DELISTED_ON = "delistedOn";

    /** Every content field, in the order reports and versions show them. */
    public static final List<String> CONTENT = List.of(TYPE, STATUS, LIFECYCLE, DIN, PACKAGE_NDC, PRODUCT_NDC,
            BRAND_NAME, COMMON_NAME, COMPANY_NAME, INGREDIENTS, STRENGTHS, DOSAGE_FORM, ROUTE, PACKAGING, ATC_CODE,
            ATC_DESCRIPTION, REASON, TIER3, ANTICIPATED_START, ACTUAL_START, ESTIMATED_END, ACTUAL_END,
            ANTICIPATED_DISCONTINUATION, DISCONTINUATION_DATE, DECISION_REVERSAL, CREATED, UPDATED, UPDATED_AT,
            AVAILABILITY,
            AVAILABILITY_TEXT, THERAPEUTIC_CATEGORY, COMMENTS, LISTED, DELISTED_ON);

    private ReportFields() {
    }
}
