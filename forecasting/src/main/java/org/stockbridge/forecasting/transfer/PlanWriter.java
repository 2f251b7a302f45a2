package org.stockbridge.forecasting.transfer;

import static org.stockbridge.forecasting.transfer.TransferModel.fmt;
import static org.stockbridge.forecasting.transfer.TransferModel.units;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns an allocation (packs per allowed pair) into recommended transfers and shortfall outcomes that explain themselves. */
final class PlanWriter {

    private static final int EXAMPLES = 3;

    private final TransferModel model;
    private final long[] packs;
    private final long[] toNeed;
    private final long[] fromLot;
    private final long[] fromDonor;
    /** Per donor, the largest weight of a shortfall it sends anything to (0 when it sends nothing). */
    private final long[] heaviestServed;

    private PlanWriter(TransferModel model, long[] packs) {
        this.model = model;
        this.packs = packs;
        this.toNeed = new long[model.needs.size()];
        this.fromLot = new long[model.lots.size()];
        this.fromDonor = new long[model.donors.size()];
        this.heaviestServed = new long[model.donors.size()];
        for (TransferModel.Arc arc : model.arcs) {
            long units = packs[arc.index()] * arc.packSize();
            toNeed[arc.need()] += units;
            fromLot[arc.lot()] += units;
            fromDonor[arc.donor()] += units;
            if (units > 0) {
                heaviestServed[arc.donor()] = Math.max(heaviestServed[arc.donor()], model.needs.get(arc.need()).weight());
            }
        }
    }

    static TransferPlan write(TransferModel model, long[] packs, SolveStatus status, long objective, long bound,
                              long millis, String solver) {
        PlanWriter writer = new PlanWriter(model, packs);
        List<ShortfallOutcome> outcomes = new ArrayList<>();
        for (TransferModel.Need need : model.needs) {
            outcomes.add(writer.outcome(need));
        }
        List<RecommendedTransfer> transfers = new ArrayList<>();
        for (TransferModel.Arc arc : model.arcs) {
            if (packs[arc.index()] > 0) {
                transfers.add(writer.transfer(arc, outcomes.get(arc.need())));
            }
        }
        double scale = TransferModel.CRITICALITY_SCALE;
        double gap = bound <= 0 ? 0 : (bound - objective) / (double) bound;
        return new TransferPlan(status, objective / scale, bound / scale, gap, millis, solver, transfers, outcomes);
    }

    private RecommendedTransfer transfer(TransferModel.Arc arc, ShortfallOutcome outcome) {
        TransferModel.Need need = model.needs.get(arc.need());
        TransferModel.Donor donor = model.donors.get(arc.donor());
        TransferModel.Lot lot = model.lots.get(arc.lot());
        long x = packs[arc.index()];
        long quantity = x * arc.packSize();
        boolean crossBorder = !donor.site().jurisdiction().equals(need.site().jurisdiction());
        Explanation explanation = new Explanation(covers(need, donor, quantity), whyDonor(arc), whyLot(arc),
                binding(arc), unmet(outcome));
        return new RecommendedTransfer(donor.site().siteId(), need.site().siteId(), donor.stock().productId(),
                lot.lot().lotId(), lot.lot().lotNumber(), quantity, Math.toIntExact(x), arc.packSize(), model.today,
                arc.arrival(), arc.route().transitDays(), quantity * arc.route().costPerUnit(), crossBorder,
                arc.route().crossings(), explanation);
    }

    private String covers(TransferModel.Need need, TransferModel.Donor donor, long quantity) {
        Shortfall s = need.shortfall();
        StringBuilder text = new StringBuilder();
        text.append(units(quantity)).append(" of the ").append(units(s.quantity())).append(" units ")
                .append(model.productCode(s.productId())).append(" short at ").append(need.site().code())
                .append(" by ").append(s.neededBy()).append(" (criticality ").append(fmt(s.criticality()));
        if (s.alreadyComing() > 0) {
            text.append("; besides ").append(units(s.alreadyComing())).append(" already coming in open transfers");
        }
        text.append(')');
        if (donor.stock().productId() != s.productId()) {
            text.append(", with ").append(model.productCode(donor.stock().productId()))
                    .append(" from the same equivalence group");
        }
        return text.toString();
    }

    private String whyDonor(TransferModel.Arc arc) {
        TransferModel.Donor donor = model.donors.get(arc.donor());
        DonorStock d = donor.stock();
        StringBuilder text = new StringBuilder();
        text.append(donor.site().code()).append(" has ").append(units(donor.surplus()))
                .append(" units above what it must keep (usable ").append(units(donor.usable())).append(", keeps ")
                .append(units(d.mustKeep())).append(": safety stock ").append(units(d.safetyStock()))
                .append(", reserve floor ").append(units(d.reserveFloor())).append(", own need over lead time ")
                .append(units(d.projectedNeedOverLeadTime())).append(')');
        if (donor.promised() > 0) {
            text.append(", besides ").append(units(donor.promised())).append(" already promised in open transfers");
        }
        text.append("; ")
                .append(arc.route().transitDays()).append(" days away at ")
                .append(String.format(Locale.ROOT, "%.2f", arc.route().costPerUnit())).append(" per unit");
        if (!arc.route().crossings().isEmpty()) {
            text.append(" via ").append(String.join(", ", arc.route().crossings()));
        }
        List<TransferModel.Arc> nearer = new ArrayList<>();
        Set<Integer> nearerDonors = new HashSet<>();
        for (int other : model.arcsOfNeed.get(arc.need())) {
            TransferModel.Arc o = model.arcs.get(other);
            if (o.donor() != arc.donor() && closer(o, arc) && nearerDonors.add(o.donor())) {
                nearer.add(o);
            }
        }
        if (nearer.isEmpty()) {
            text.append("; the nearest eligible donor");
        } else {
            nearer.sort(Comparator.comparingInt((TransferModel.Arc a) -> a.route().transitDays()));
            text.append("; nearer eligible donors are used up: ");
            List<String> parts = new ArrayList<>();
            for (TransferModel.Arc o : nearer.subList(0, Math.min(EXAMPLES, nearer.size()))) {
                parts.add(model.donors.get(o.donor()).site().code() + " (" + o.route().transitDays() + " days, "
                        + whyNotMore(o) + ")");
            }
            text.append(String.join("; ", parts));
            if (nearer.size() > EXAMPLES) {
                text.append(" and ").append(nearer.size() - EXAMPLES).append(" more");
            }
        }
        return text.toString();
    }

    private static boolean closer(TransferModel.Arc a, TransferModel.Arc b) {
        if (a.route().transitDays() != b.route().transitDays()) {
            return a.route().transitDays() < b.route().transitDays();
        }
        return a.route().costPerUnit() < b.route().costPerUnit();
    }

    /** Why a nearer donor gives this shortfall no more than it does. */
    private String whyNotMore(TransferModel.Arc o) {
        TransferModel.Donor donor = model.donors.get(o.donor());
        long left = donor.surplus() - fromDonor[o.donor()];
        if (left < donor.packSize()) {
            return "its " + units(donor.surplus()) + " surplus units are all allocated";
        }
        List<String> caps = new ArrayList<>();
        for (int other : model.arcsOfNeed.get(o.need())) {
            TransferModel.Arc a = model.arcs.get(other);
            if (a.donor() == o.donor()) {
                caps.add(lotLimit(a));
            }
        }
        return String.join(", ", caps);
    }

    /** What stops a pair carrying one more pack, in words. */
    private String lotLimit(TransferModel.Arc a) {
        TransferModel.Lot lot = model.lots.get(a.lot());
        long mine = packs[a.index()] * a.packSize();
        if (lot.lot().available() - fromLot[a.lot()] < a.packSize()) {
            return "lot " + lot.lot().lotNumber() + " fully allocated";
        }
        if (mine + a.packSize() > a.shelfCapUnits()) {
            return "lot " + lot.lot().lotNumber() + " capped by shelf life at " + units(a.shelfCapUnits()) + " units";
        }
        return "lot " + lot.lot().lotNumber() + " held back: more from it would cover less elsewhere";
    }

    private String whyLot(TransferModel.Arc arc) {
        TransferModel.Lot lot = model.lots.get(arc.lot());
        TransferModel.Need need = model.needs.get(arc.need());
        StringBuilder text = new StringBuilder();
        text.append("lot ").append(lot.lot().lotNumber()).append(" expires ").append(arc.expiryAtDestination());
        if (!arc.expiryAtDestination().equals(lot.lot().labelledExpiry())) {
            text.append(" (extended expiry, recognised at this U.S. federal site)");
        }
        long days = ChronoUnit.DAYS.between(arc.arrival(), arc.expiryAtDestination());
        text.append(", ").append(days).append(" days after arrival");
        List<String> earlier = new ArrayList<>();
        for (int other : model.lotsOfDonor.get(arc.donor())) {
            if (other == arc.lot()) {
                break;
            }
            TransferModel.Lot o = model.lots.get(other);
            java.util.function.Supplier<String> refusal = model.lotRefusals.getOrDefault(arc.need(), Map.of()).get(other);
            if (refusal != null) {
                earlier.add(refusal.get());
                continue;
            }
            model.arcsOfLot.get(other).stream().map(model.arcs::get).filter(a -> a.need() == arc.need()).findFirst()
                    .ifPresentOrElse(a -> earlier.add(lotLimit(a)),
                            () -> earlier.add("lot " + o.lot().lotNumber() + " cannot go here"));
        }
        if (earlier.isEmpty()) {
            text.append("; first to expire of the donor's eligible lots (first expiry, first out)");
        } else {
            text.append("; earlier-expiring lots are not available for this shortfall: ").append(String.join("; ", earlier));
        }
        List<String> unusable = model.unusableLots.getOrDefault(arc.donor(), List.of());
        if (!unusable.isEmpty()) {
            text.append("; never shipped: ").append(String.join(", ", unusable));
        }
        if ("CA".equals(need.site().jurisdiction())) {
            text.append("; carries no extended expiry, as every lot sent to Canada must");
        }
        return text.toString();
    }

    private List<String> binding(TransferModel.Arc arc) {
        List<String> bound = new ArrayList<>();
        TransferModel.Need need = model.needs.get(arc.need());
        TransferModel.Donor donor = model.donors.get(arc.donor());
        TransferModel.Lot lot = model.lots.get(arc.lot());
        int pack = arc.packSize();
        long mine = packs[arc.index()] * pack;
        long needLeft = need.shortfall().quantity() - toNeed[arc.need()];
        long donorLeft = donor.surplus() - fromDonor[arc.donor()];
        long lotLeft = lot.lot().available() - fromLot[arc.lot()];
        long shelfLeft = arc.shelfCapUnits() - mine;
        if (needLeft == 0) {
            bound.add("shortfall fully covered: " + units(need.shortfall().quantity()) + " units");
        }
        if (donorLeft < pack) {
            bound.add("donor surplus: " + units(donor.surplus()) + " units above its " + keeps(donor.stock())
                    + (donor.promised() > 0 ? " and the " + units(donor.promised())
                    + " already promised in open transfers" : "")
                    + (donorLeft > 0 ? ", " + units(donorLeft) + " left, less than a pack" : ", all allocated"));
        }
        if (lotLeft < pack) {
            bound.add("lot on hand: " + units(lot.lot().onHand()) + " units of lot " + lot.lot().lotNumber()
                    + (lot.lot().promisedOnHand() > 0 ? " (" + units(lot.lot().promisedOnHand())
                    + " already promised in open transfers)" : "")
                    + (lotLeft > 0 ? ", " + units(lotLeft) + " left, less than a pack" : ", all allocated"));
        }
        if (shelfLeft < pack) {
            bound.add("shelf life caps the quantity at " + units(arc.shelfCapUnits()) + " units ("
                    + ChronoUnit.DAYS.between(arc.arrival(), arc.expiryAtDestination()) + " days from arrival to expiry at "
                    + fmt(need.shortfall().dailyDemand()) + " units/day)");
        }
        long room = Math.min(Math.min(needLeft, donorLeft), Math.min(lotLeft, shelfLeft));
        if (room > 0 && room < pack) {
            bound.add("whole packs of " + pack + ": " + units(room) + " more units would break a pack");
        }
        if (bound.isEmpty()) {
            bound.add("more would lower criticality-weighted coverage elsewhere: the donor's stock serves other shortfalls");
        }
        return bound;
    }

    private static String keeps(DonorStock d) {
        long keep = d.mustKeep();
        if (keep == d.safetyStock()) {
            return "safety stock " + units(keep);
        }
        if (keep == d.reserveFloor()) {
            return "reserve floor " + units(keep);
        }
        return "own need over lead time " + units(keep);
    }

    private static String unmet(ShortfallOutcome outcome) {
        if (outcome.unmet() == 0) {
            return "nothing: the shortfall is fully covered";
        }
        return units(outcome.unmet()) + " units stay unmet: " + String.join("; ", outcome.reasonsUnmet());
    }

    private ShortfallOutcome outcome(TransferModel.Need need) {
        Shortfall s = need.shortfall();
        long covered = toNeed[need.index()];
        long unmet = s.quantity() - covered;
        List<String> reasons = new ArrayList<>();
        if (unmet > 0) {
            reasons.addAll(reasons(need, unmet));
        }
        return new ShortfallOutcome(s.siteId(), s.productId(), s.quantity(), covered, unmet, reasons);
    }

    private List<String> reasons(TransferModel.Need need, long unmet) {
        List<String> reasons = new ArrayList<>();
        String code = model.productCode(need.shortfall().productId());
        String where = need.site().jurisdiction();
        List<Integer> considered = model.groupDonors.getOrDefault(need.index(), List.of());
        if (considered.isEmpty()) {
            reasons.add("no other site holds " + code + " or an equivalent above what it must keep");
            return reasons;
        }
        Map<TransferModel.Refusal, List<java.util.function.Supplier<String>>> refused =
                model.refusals.getOrDefault(need.index(), Map.of());
        List<Integer> arcs = model.arcsOfNeed.get(need.index());
        if (arcs.isEmpty() && refused.containsKey(TransferModel.Refusal.NOT_AUTHORISED)
                && refused.size() == 1) {
            reasons.add("no authorised equivalent in " + where + " on arrival: " + examples(refused.get(TransferModel.Refusal.NOT_AUTHORISED)));
        } else {
            refused.forEach((kind, texts) -> reasons.add(label(kind, where) + ": " + examples(texts)));
        }
        if (!arcs.isEmpty()) {
            int exhausted = 0;
            int donorsReached = 0;
            boolean toMoreCritical = false;
            Set<Integer> seen = new HashSet<>();
            int shelfCapped = 0;
            int smallestPack = Integer.MAX_VALUE;
            for (int a : arcs) {
                TransferModel.Arc arc = model.arcs.get(a);
                smallestPack = Math.min(smallestPack, arc.packSize());
                if (packs[a] * arc.packSize() + arc.packSize() > arc.shelfCapUnits()) {
                    shelfCapped++;
                }
                if (!seen.add(arc.donor())) {
                    continue;
                }
                donorsReached++;
                TransferModel.Donor donor = model.donors.get(arc.donor());
                boolean lotsLeft = false;
                for (int other : model.arcsOfNeed.get(need.index())) {
                    TransferModel.Arc o = model.arcs.get(other);
                    if (o.donor() == arc.donor()
                            && model.lots.get(o.lot()).lot().available() - fromLot[o.lot()] >= o.packSize()
                            && packs[o.index()] * o.packSize() + o.packSize() <= o.shelfCapUnits()) {
                        lotsLeft = true;
                    }
                }
                if (donor.surplus() - fromDonor[arc.donor()] < donor.packSize() || !lotsLeft) {
                    exhausted++;
                }
                toMoreCritical |= heaviestServed[arc.donor()] > need.weight();
            }
            if (exhausted == donorsReached) {
                reasons.add("donor surplus exhausted: the " + donorsReached + " eligible donor"
                        + (donorsReached == 1 ? "" : "s") + " can give no more"
                        + (toMoreCritical ? ", part of it to more critical shortfalls" : ""));
            }
            if (shelfCapped > 0) {
                reasons.add("shelf life caps what " + shelfCapped + " eligible lot" + (shelfCapped == 1 ? "" : "s")
                        + " can give here at " + fmt(need.shortfall().dailyDemand()) + " units/day");
            }
            if (unmet < smallestPack) {
                reasons.add("whole packs: the remaining " + units(unmet) + " units are less than a pack of " + smallestPack);
            }
        }
        if (reasons.isEmpty()) {
            reasons.add("covering more would lower criticality-weighted coverage elsewhere");
        }
        return reasons;
    }

    private static String label(TransferModel.Refusal kind, String where) {
        return switch (kind) {
            case NOT_AUTHORISED -> "not authorised in " + where + " on arrival";
            case NO_ROUTE -> "no open route";
            case SLEP_TO_CANADA -> "extended-expiry (SLEP) lots never go to Canada";
            case SHELF_LIFE -> "shelf life does not cover the time to use it here";
            case EXPIRES_BEFORE_ARRIVAL -> "expires before arrival";
            case PACK_TOO_LARGE -> "whole packs larger than what could be given";
        };
    }

    private static String examples(List<java.util.function.Supplier<String>> texts) {
        List<String> first = new ArrayList<>();
        texts.subList(0, Math.min(EXAMPLES, texts.size())).forEach(t -> first.add(t.get()));
        String shown = String.join("; ", first);
        return texts.size() > EXAMPLES ? shown + " and " + (texts.size() - EXAMPLES) + " more" : shown;
    }
}
