package org.stockbridge.forecasting.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.stockbridge.domain.shortage.ReportType;

/**
 * A feature computed at an origin is the same whether the input holds what came after the origin or not: the full
 * history against the history cut at the origin (reports filed before it, each as history then knew it).
 */
class RiskFeaturesPropertyTests {

    private static final LocalDate START = LocalDate.of(2017, 3, 1);
    private static final List<String> KEYS = List.of("AMOXICILLIN", "CEFAZOLIN", "ABACAVIR + LAMIVUDINE",
            "MORPHINE", "SALBUTAMOL", "LAMIVUDINE");
    private static final List<String> ATC = List.of("J01CA04", "J01DB04", "J05AR02", "N02AA01", "R03AC02",
            "J05AF05");

    @Property(tries = 200)
    void every_feature_at_an_origin_ignores_what_was_filed_or_updated_after_it(
            @ForAll("histories") List<FiledReport> history, @ForAll("postings") Map<String, List<LocalDate>> us,
            @ForAll @IntRange(min = 30, max = 2800) int originDay) {
        LocalDate origin = START.plusDays(originDay);
        FdaShortages fda = FdaShortages.posted(us);
        RiskSources full = sources(history, fda);
        RiskSources cut = sources(history.stream().filter(r -> r.filed().isBefore(origin))
                .map(r -> r.asKnownBefore(origin)).toList(), fda.postedBefore(origin));

        assertThat(cut.universe(origin)).isEqualTo(full.universe(origin));
        for (String key : full.universe(origin)) {
            assertThat(RiskFeatures.compute(cut, key, origin, RiskFeatures.allReports90(cut, origin)))
                    .as("features of %s on %s", key, origin)
                    .containsExactly(RiskFeatures.compute(full, key, origin, RiskFeatures.allReports90(full, origin)));
            assertThat(RiskFeatures.reportedBefore(cut, key, origin))
                    .isEqualTo(RiskFeatures.reportedBefore(full, key, origin));
        }
    }

    @Property(tries = 50)
    void the_leaky_features_do_see_after_the_origin_which_is_why_the_model_leaves_them_out(
            @ForAll @IntRange(min = 1, max = 300) int daysBeforeOrigin) {
        LocalDate origin = LocalDate.of(2022, 6, 1);
        LocalDate filed = origin.minusDays(daysBeforeOrigin + 1);
        FiledReport endedLater = new FiledReport(1, ReportType.SHORTAGE, "02242320", "AMOXICILLIN", "J01CA04", "A",
                "7", filed, filed.plusDays(daysBeforeOrigin / 2), origin.plusDays(200), true, false);
        RiskSources full = sources(List.of(endedLater));
        RiskSources cut = sources(List.of(endedLater.asKnownBefore(origin)));

        double[] fullLeaky = RiskFeatures.leaky(full, "AMOXICILLIN", origin);
        double[] cutLeaky = RiskFeatures.leaky(cut, "AMOXICILLIN", origin);
        assertThat(fullLeaky[RiskFeatures.LEAKY.indexOf("active_as_now")]).isZero();
        assertThat(cutLeaky[RiskFeatures.LEAKY.indexOf("active_as_now")]).isEqualTo(1);
        assertThat(RiskFeatures.compute(full, "AMOXICILLIN", origin, 0)[RiskFeatures.NAMES.indexOf("active_shortages")])
                .isEqualTo(1);
    }

    /**
     * The DPD: a few products of their own, and products on the DINs the generated reports name (two makers, some
     * cancelled), so the makers' shortages, the DINs reported and the marketed trend are exercised too.
     */
    private static RiskSources sources(List<FiledReport> reports) {
        return sources(reports, FdaShortages.none());
    }

    private static RiskSources sources(List<FiledReport> reports, FdaShortages fda) {
        RiskDataBuilder data = RiskDataBuilder.data().product("AMOXICILLIN", "A", LocalDate.of(2010, 1, 1), null)
                .product("AMOXICILLIN", "B", LocalDate.of(2019, 5, 1), LocalDate.of(2021, 8, 1))
                .product("MORPHINE", "C", LocalDate.of(2020, 2, 1), null);
        for (int k = 0; k < KEYS.size(); k++) {
            for (int company = 0; company < 3; company++) {
                data.product(KEYS.get(k), "MAKER " + (company % 2), "0" + (2_000_000 + k * 10 + company),
                        START.plusDays(300L * (k + company)), company == 2 ? START.plusDays(1500L + 200 * k) : null);
            }
        }
        List<FiledReport> sorted = new ArrayList<>(reports);
        sorted.sort(Comparator.comparing(FiledReport::filed).thenComparingLong(FiledReport::id));
        return data.build(sorted, fda);
    }

    /** U.S. shortages posted on days before and after any origin, for some of the keys' moieties. */
    @Provide
    Arbitrary<Map<String, List<LocalDate>>> postings() {
        return Arbitraries.maps(Arbitraries.of("AMOXICILLIN", "LAMIVUDINE", "MORPHINE", "CEFAZOLIN"),
                Arbitraries.integers().between(-400, 2900).map(d -> START.plusDays(d)).list().ofMaxSize(5))
                .ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<FiledReport>> histories() {
        Arbitrary<FiledReport> report = Combinators.combine(
                Arbitraries.integers().between(0, KEYS.size() - 1),
                Arbitraries.integers().between(0, 2900),
                Arbitraries.integers().between(-1, 400),
                Arbitraries.integers().between(0, 900),
                Arbitraries.of(ReportType.SHORTAGE, ReportType.SHORTAGE, ReportType.DISCONTINUATION),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(true, false),
                Arbitraries.of("7", "9", "8", "5", null)).as((k, day, length, updateLag, type, company, tier3,
                    reason) -> {
                        LocalDate filed = START.plusDays(day);
                        LocalDate ended = length < 0 ? null : filed.plusDays(length);
                        LocalDate updated = (ended == null ? filed : ended).plusDays(updateLag);
                        return new FiledReport(0, type, "0" + (2_000_000 + k * 10 + company), KEYS.get(k),
                                ATC.get(k), "COMPANY " + company, reason, filed, ended, updated, tier3,
                                company == 0);
                    });
        return report.list().ofMaxSize(40).map(list -> {
            List<FiledReport> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                FiledReport r = list.get(i);
                out.add(new FiledReport(i + 1, r.type(), r.din(), r.ingredient(), r.atc(), r.company(), r.reason(),
                        r.filed(), r.ended(), r.updated(), r.tier3(), r.late()));
            }
            return out;
        });
    }
}
