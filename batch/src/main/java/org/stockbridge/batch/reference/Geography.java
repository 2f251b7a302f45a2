package org.stockbridge.batch.reference;

import java.util.List;
import java.util.Optional;
import org.stockbridge.domain.HhsRegions;

/**
 * Public facts the stockpile sites are defined from: the ten HHS regions with their regional office cities (the
 * states each covers are in {@link HhsRegions}), and the Canadian provinces and territories with their capitals.
 */
final class Geography {

    record Place(String code, String name, String city, double latitude, double longitude) {
    }

    static final List<Place> HHS_REGIONS = List.of(
            new Place("HHS-1", "HHS Region 1", "Boston", 42.360100, -71.058900),
            new Place("HHS-2", "HHS Region 2", "New York", 40.712800, -74.006000),
            new Place("HHS-3", "HHS Region 3", "Philadelphia", 39.952600, -75.165200),
            new Place("HHS-4", "HHS Region 4", "Atlanta", 33.749000, -84.388000),
            new Place("HHS-5", "HHS Region 5", "Chicago", 41.878100, -87.629800),
            new Place("HHS-6", "HHS Region 6", "Dallas", 32.776700, -96.797000),
            new Place("HHS-7", "HHS Region 7", "Kansas City", 39.099700, -94.578600),
            new Place("HHS-8", "HHS Region 8", "Denver", 39.739200, -104.990300),
            new Place("HHS-9", "HHS Region 9", "San Francisco", 37.774900, -122.419400),
            new Place("HHS-10", "HHS Region 10", "Seattle", 47.606200, -122.332100));

    static final Place OTTAWA = new Place("CA", "Canada", "Ottawa", 45.421500, -75.697200);

    static final List<Place> PROVINCES = List.of(
            new Place("ON", "Ontario", "Toronto", 43.653200, -79.383200),
            new Place("QC", "Quebec", "Québec", 46.813900, -71.208000),
            new Place("BC", "British Columbia", "Victoria", 48.428400, -123.365600),
            new Place("AB", "Alberta", "Edmonton", 53.546100, -113.493800),
            new Place("MB", "Manitoba", "Winnipeg", 49.895100, -97.138400),
            new Place("SK", "Saskatchewan", "Regina", 50.445200, -104.618900),
            new Place("NS", "Nova Scotia", "Halifax", 44.648800, -63.575200),
            new Place("NB", "New Brunswick", "Fredericton", 45.963600, -66.643100),
            new Place("NL", "Newfoundland and Labrador", "St. John's", 47.561500, -52.712600),
            new Place("PE", "Prince Edward Island", "Charlottetown", 46.238200, -63.131100),
            new Place("YT", "Yukon", "Whitehorse", 60.721200, -135.056800),
            new Place("NT", "Northwest Territories", "Yellowknife", 62.454000, -114.371800),
            new Place("NU", "Nunavut", "Iqaluit", 63.746700, -68.517000));

    private Geography() {
    }

    /** The HHS region of a U.S. state or territory code. */
    static Optional<String> hhsRegion(String state) {
        return HhsRegions.of(state);
    }
}
