package org.stockbridge.api.transfer;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.stockbridge.domain.Jurisdiction;

/**
 * The lanes and border crossings as one immutable table that answers "how long and how much from here to there".
 * A lane is looked up site to site first, then site to region, region to site, and region to region. A domestic
 * route is its lane. A cross-border route is its lane plus, for the best open crossing, the crossing's delay and the
 * detour to reach it: the days of the legs from the origin's region to the crossing and from the crossing to the
 * destination's region beyond the lane's own days (never negative). The best crossing is the quickest, then the
 * cheapest, then the first by name. Closed crossings are never used; with none open there is no route.
 */
final class LaneTable {

    record Lane(String from, String to, int transitDays, double costPerUnit) {
        Lane {
            Objects.requireNonNull(from, "from must not be null");
            Objects.requireNonNull(to, "to must not be null");
        }
    }

    record Crossing(String name, String usRegion, String caRegion, int delayDays, boolean open) {
        Crossing {
            Objects.requireNonNull(name, "name must not be null");
        }
    }

    /** A site as lanes see it: its code, the lane region it belongs to (null if none) and its jurisdiction. */
    record Place(String siteCode, String region, Jurisdiction jurisdiction) {
        Place {
            Objects.requireNonNull(jurisdiction, "jurisdiction must not be null");
        }
    }

    record LaneRoute(int transitDays, double costPerUnit, List<String> crossings) {
        LaneRoute {
            crossings = List.copyOf(crossings);
        }
    }

    private final Map<String, Lane> lanes = new HashMap<>();
    private final List<Crossing> crossings;

    LaneTable(Collection<Lane> lanes, Collection<Crossing> crossings) {
        for (Lane lane : lanes) {
            this.lanes.put(key(lane.from(), lane.to()), lane);
        }
        this.crossings = crossings.stream().sorted(Comparator.comparing(Crossing::name)).toList();
    }

    /** The same table with the named crossings closed as well (a what-if). */
    LaneTable closing(Set<String> names) {
        return new LaneTable(lanes.values(), crossings.stream()
                .map(c -> names.contains(c.name()) ? new Crossing(c.name(), c.usRegion(), c.caRegion(), c.delayDays(),
                        false) : c)
                .toList());
    }

    List<Crossing> crossings() {
        return crossings;
    }

    Optional<LaneRoute> route(Place from, Place to) {
        Lane base = lane(from, to);
        if (base == null) {
            return Optional.empty();
        }
        if (from.jurisdiction() == to.jurisdiction()) {
            return Optional.of(new LaneRoute(base.transitDays(), base.costPerUnit(), List.of()));
        }
        LaneRoute best = null;
        for (Crossing crossing : crossings) {
            if (!crossing.open()) {
                continue;
            }
            String near = from.jurisdiction() == Jurisdiction.US ? crossing.usRegion() : crossing.caRegion();
            String far = from.jurisdiction() == Jurisdiction.US ? crossing.caRegion() : crossing.usRegion();
            if (from.region() == null || to.region() == null) {
                continue;
            }
            Lane first = leg(from.region(), near);
            Lane second = leg(far, to.region());
            if (first == null || second == null) {
                continue;
            }
            int detourDays = Math.max(0, first.transitDays() + second.transitDays() - base.transitDays());
            double detourCost = Math.max(0, first.costPerUnit() + second.costPerUnit() - base.costPerUnit());
            LaneRoute candidate = new LaneRoute(base.transitDays() + detourDays + crossing.delayDays(),
                    round(base.costPerUnit() + detourCost), List.of(crossing.name()));
            if (best == null || candidate.transitDays() < best.transitDays()
                    || (candidate.transitDays() == best.transitDays() && candidate.costPerUnit() < best.costPerUnit())) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    private Lane lane(Place from, Place to) {
        Lane lane = from.siteCode() == null || to.siteCode() == null ? null : lanes.get(key(from.siteCode(), to.siteCode()));
        if (lane == null && from.siteCode() != null) {
            lane = lanes.get(key(from.siteCode(), to.region()));
        }
        if (lane == null && to.siteCode() != null) {
            lane = lanes.get(key(from.region(), to.siteCode()));
        }
        return lane != null ? lane : lanes.get(key(from.region(), to.region()));
    }

    /** A leg between two regions on the way to or from a crossing: nothing to travel within one region. */
    private Lane leg(String from, String to) {
        return from.equals(to) ? new Lane(from, to, 0, 0) : lanes.get(key(from, to));
    }

    private static String key(String from, String to) {
        return from + "\u0000" + to;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
