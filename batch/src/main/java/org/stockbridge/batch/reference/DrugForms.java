package org.stockbridge.batch.reference;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reduces the many ways Health Canada and FDA name dosage forms, routes and ingredients to what decides
 * interchangeability across the border: the active moiety, the form family and whether release is modified.
 */
public final class DrugForms {

    private static final Pattern SALTS = Pattern.compile("\\b(HYDROCHLORIDE|HCL|SODIUM|DISODIUM|POTASSIUM|CALCIUM|"
            + "MAGNESIUM|SULFATE|SULPHATE|ACETATE|PHOSPHATE|CITRATE|MALEATE|TARTRATE|BITARTRATE|BESYLATE|BESILATE|"
            + "MESYLATE|MESILATE|HYDROBROMIDE|FUMARATE|SUCCINATE|DIHYDRATE|MONOHYDRATE|TRIHYDRATE|HEMIHYDRATE|"
            + "ANHYDROUS|BROMIDE|CHLORIDE|LACTATE|GLUCONATE|NITRATE|PROPIONATE|DIPROPIONATE|VALERATE|FUROATE|"
            + "TROMETHAMINE|MONOSODIUM|ERBUMINE|HYCLATE|DIHYDROCHLORIDE)\\b");

    private DrugForms() {
    }

    /** The active moiety: upper case, the parenthesised salt form and salt words removed. */
    public static String moiety(String ingredient) {
        if (ingredient == null) {
            return "";
        }
        String name = ingredient.toUpperCase(Locale.ROOT).replaceAll("\\(.*?\\)", " ");
        name = SALTS.matcher(name).replaceAll(" ");
        return name.replaceAll("[^A-Z0-9 -]", " ").replaceAll("\\s+", " ").trim();
    }

    /**
     * The form family: PARENTERAL for anything injected, otherwise the base form (TABLET, CAPSULE, ORAL LIQUID,
     * TOPICAL, INHALATION, OPHTHALMIC, NASAL, OTIC, RECTAL, VAGINAL, TRANSDERMAL), with "-MR" for modified release.
     */
    static String family(String dosageForm, Collection<String> routes, String extraText) {
        String form = dosageForm == null ? "" : dosageForm.toUpperCase(Locale.ROOT);
        String route = String.join(" ", routes).toUpperCase(Locale.ROOT);
        String all = form + " " + route + " " + (extraText == null ? "" : extraText.toUpperCase(Locale.ROOT));
        boolean modified = all.contains("EXTENDED") || all.contains("DELAYED") || all.contains("SUSTAINED")
                || all.contains("CONTROLLED") || all.contains("MODIFIED") || all.contains("ENTERIC");
        String family;
        if (route.contains("INTRAVENOUS") || route.contains("INTRAMUSCULAR") || route.contains("SUBCUTANEOUS")
                || route.contains("INTRADERMAL") || route.contains("EPIDURAL") || route.contains("INTRATHECAL")
                || form.contains("INJECT")) {
            family = "PARENTERAL";
        } else if (route.contains("OPHTHALMIC") || form.contains("OPHTHALMIC")) {
            family = "OPHTHALMIC";
        } else if (route.contains("INHAL") || form.contains("INHAL") || form.contains("AEROSOL, METERED")) {
            family = "INHALATION";
        } else if (route.contains("NASAL")) {
            family = "NASAL";
        } else if (route.contains("OTIC")) {
            family = "OTIC";
        } else if (route.contains("TRANSDERMAL") || form.contains("PATCH")) {
            family = "TRANSDERMAL";
        } else if (route.contains("RECTAL")) {
            family = "RECTAL";
        } else if (route.contains("VAGINAL")) {
            family = "VAGINAL";
        } else if (route.contains("TOPICAL") || route.contains("CUTANEOUS") || form.contains("CREAM")
                || form.contains("OINTMENT") || form.contains("LOTION") || form.contains("GEL")) {
            family = "TOPICAL";
        } else if (form.contains("CAPSULE")) {
            family = "CAPSULE";
        } else if (form.contains("TABLET")) {
            family = "TABLET";
        } else if (form.contains("SOLUTION") || form.contains("SUSPENSION") || form.contains("SYRUP")
                || form.contains("LIQUID") || form.contains("ELIXIR") || form.contains("DROPS")) {
            family = "ORAL LIQUID";
        } else {
            family = form.isBlank() ? "UNSPECIFIED" : form.replaceAll("[^A-Z ]", " ").replaceAll("\\s+", " ").trim();
        }
        return modified && !family.equals("PARENTERAL") ? family + "-MR" : family;
    }

    /** A unit of issue that a stockpile counts in, from the dosage form. */
    static String unitOfIssue(String family) {
        return switch (family.replace("-MR", "")) {
            case "TABLET" -> "tablet";
            case "CAPSULE" -> "capsule";
            case "PARENTERAL" -> "vial";
            case "INHALATION" -> "inhaler";
            case "TRANSDERMAL" -> "patch";
            case "TOPICAL" -> "tube";
            default -> "unit";
        };
    }
}
