package org.stockbridge.api.alert;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.ETags;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.domain.ClientText;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.alert.AlertEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Subscriptions under their rules: a well-formed request (400 naming the field), codes that name what exists and what
 * the owner may see (422 {@code unknown-reference}, the same for a site another tenant holds as for one that does
 * not exist), a webhook target the SSRF rule allows (422 {@code webhook-target-refused}), the parameters its events
 * need and no others (400 naming the parameter), events on forecasts only for a token with the forecast scope (403),
 * and a change that names the version it replaces (428/412). A subscription is its owner's alone: another owner's answers 404.
 */
@Service
class SubscriptionService {

    static final int MAX_CODES = 200;
    private static final Set<String> FORECAST_EVENTS = Set.of(AlertEvent.SHORTAGE_RISK_ABOVE.name(),
            AlertEvent.STOCKOUT_PROBABILITY_ABOVE.name());
    private static final Pattern ATC = Pattern.compile("[A-Z][0-9A-Z]{0,6}");
    private static final Pattern CODE = Pattern.compile("[\\p{Alnum}][\\p{Alnum}._:/-]{0,99}");

    private final SubscriptionRepository subscriptions;
    private final WebhookTargetCheck targets;
    private final WebhookSettings settings;
    private final TransactionalOperator transaction;
    private final SecureRandom random = new SecureRandom();

    SubscriptionService(SubscriptionRepository subscriptions, WebhookTargetCheck targets, WebhookSettings settings,
                        TransactionalOperator transaction) {
        this.subscriptions = subscriptions;
        this.targets = targets;
        this.settings = settings;
        this.transaction = transaction;
    }

    Flux<SubscriptionView> list(String owner) {
        return subscriptions.list(owner);
    }

    Mono<SubscriptionView> get(String owner, long id) {
        return subscriptions.find(owner, id).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** Creates a subscription; with a webhook URL, the answer carries the secret, once. */
    Mono<SubscriptionView> create(Caller caller, String owner, SubscriptionRequest request) {
        return Mono.defer(() -> {
            Watch watch = validate(request);
            permitted(caller, watch);
            Mono<SubscriptionView> insert = subscriptions.insert(owner, watch, jurisdiction(caller),
                            caller.siteFilter())
                    .flatMap(id -> firstSecret(id, watch).flatMap(secret -> subscriptions.find(owner, id)
                            .map(view -> view.withSecret(secret.orElse(null)))));
            return checked(caller, watch).then(transaction.transactional(insert));
        });
    }

    /** Replaces what a subscription watches, from the version {@code ifMatch} names. */
    Mono<SubscriptionView> replace(Caller caller, String owner, long id, String ifMatch, SubscriptionRequest request) {
        return Mono.defer(() -> {
            long expected = ETags.required(ifMatch, "changing a subscription");
            Watch watch = validate(request);
            permitted(caller, watch);
            return get(owner, id).flatMap(existing -> {
                ETags.check(expected, existing.version(), "the subscription");
                return checked(caller, watch).then(transaction.transactional(
                        subscriptions.update(owner, id, expected, watch, jurisdiction(caller), caller.siteFilter())
                                .flatMap(updated -> updated == 0
                                        ? Mono.error(new ApiException(HttpStatus.PRECONDITION_FAILED,
                                        "precondition-failed", "Precondition failed",
                                        "the subscription changed since version " + expected))
                                        : firstSecret(id, watch))
                                .flatMap(secret -> subscriptions.find(owner, id)
                                        .map(view -> view.withSecret(secret.orElse(null))))));
            });
        });
    }

    Mono<Void> delete(String owner, long id) {
        return subscriptions.delete(owner, id)
                .flatMap(deleted -> deleted == 0 ? Mono.error(notFound(id)) : Mono.empty());
    }

    /** A new current secret; the one it replaces keeps signing for the grace period. 409 without a webhook. */
    Mono<SubscriptionView> rotateSecret(String owner, long id) {
        return get(owner, id).flatMap(existing -> {
            if (existing.webhookUrl() == null) {
                return Mono.error(new ApiException(HttpStatus.CONFLICT, "no-webhook", "No webhook",
                        "subscription " + id + " has no webhook URL, so no secret to rotate"));
            }
            String secret = WebhookSignatures.newSecret(random);
            return transaction.transactional(subscriptions.rotate(id, secret, settings.secretGrace()))
                    .thenReturn(existing.withSecret(secret));
        });
    }

    private Mono<Optional<String>> firstSecret(long id, Watch watch) {
        if (watch.webhookUrl() == null) {
            return Mono.just(Optional.empty());
        }
        return subscriptions.hasSecret(id).flatMap(has -> has ? Mono.just(Optional.<String>empty())
                : newSecret(id).map(Optional::of));
    }

    private Mono<String> newSecret(long id) {
        String secret = WebhookSignatures.newSecret(random);
        return subscriptions.rotate(id, secret, settings.secretGrace()).thenReturn(secret);
    }

    /** The codes checked against what exists and what the caller may see, and the webhook target against the rule. */
    private Mono<Void> checked(Caller caller, Watch watch) {
        Mono<Void> products = missing("products", watch.products(), subscriptions.knownProducts(Watch.array(watch.products())));
        Mono<Void> groups = missing("equivalenceGroups", watch.equivalenceGroups(),
                subscriptions.knownGroups(Watch.array(watch.equivalenceGroups())));
        Mono<Void> sites = missing("sites", watch.sites(), subscriptions.knownSites(Watch.array(watch.sites()))
                .filter(site -> caller.sees(site.id())).map(SubscriptionRepository.SiteCode::code));
        Mono<Void> target = watch.webhookUrl() == null ? Mono.empty() : targets.checked(watch.webhookUrl()).then();
        return products.then(groups).then(sites).then(target);
    }

    private static Mono<Void> missing(String field, List<String> wanted, Flux<String> found) {
        if (wanted.isEmpty()) {
            return Mono.empty();
        }
        return found.collectList().flatMap(known -> {
            List<String> unknown = wanted.stream().filter(code -> !known.contains(code)).toList();
            return unknown.isEmpty() ? Mono.empty() : Mono.error(new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
                    "unknown-reference", "Unknown reference", field + " names what does not exist or is not yours to "
                    + "see: " + String.join(", ", unknown), Map.of("parameter", field, "unknown", unknown)));
        });
    }

    /** Forecasts are read with the forecast scope: alerts on them are for tokens that have it (403 otherwise). */
    private static void permitted(Caller caller, Watch watch) {
        for (String event : watch.events()) {
            if (FORECAST_EVENTS.contains(event) && !caller.has(Caller.FORECAST)) {
                throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", event + " alerts on forecasts, "
                        + "which need the " + Caller.FORECAST + " scope that " + caller.client() + " does not have");
            }
        }
    }

    private static String jurisdiction(Caller caller) {
        return caller.jurisdiction() == null ? null : caller.jurisdiction().name();
    }

    /** The request's shape: 400 naming the first field that is wrong. */
    static Watch validate(SubscriptionRequest request) {
        if (request == null) {
            throw new InvalidRequestException("body", "a subscription body is required");
        }
        String name = request.name() == null ? "" : request.name().trim();
        if (name.isEmpty()) {
            throw new InvalidRequestException("name", "name is required, at most 100 characters");
        }
        String refusal = ClientText.identifierRefusal(name, 100);
        if (refusal != null) {
            throw new InvalidRequestException("name", "name " + refusal);
        }
        if (request.events() == null || request.events().isEmpty()) {
            throw new InvalidRequestException("events", "events must name at least one of "
                    + List.of(AlertEvent.values()));
        }
        List<String> events = codes("events", request.events(), value -> AlertEvent.parse(value)
                .orElseThrow(() -> new InvalidRequestException("events", "unknown event " + value + "; one of "
                        + List.of(AlertEvent.values()))).name());
        List<String> products = codes("products", request.products(), value -> code("products", value));
        List<String> groups = codes("equivalenceGroups", request.equivalenceGroups(),
                value -> code("equivalenceGroups", value));
        List<String> atc = codes("atcPrefixes", request.atcPrefixes(), value -> {
            String prefix = value.trim().toUpperCase(Locale.ROOT);
            if (!ATC.matcher(prefix).matches()) {
                throw new InvalidRequestException("atcPrefixes", "an ATC prefix is a letter then up to six letters or "
                        + "digits (J01, J01CA04), was " + value);
            }
            return prefix;
        });
        List<String> sites = codes("sites", request.sites(), value -> code("sites", value));
        List<String> jurisdictions = codes("jurisdictions", request.jurisdictions(), value -> {
            try {
                return Jurisdiction.parse(value.trim()).name();
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("jurisdictions", "unknown jurisdiction " + value + "; one of "
                        + List.of(Jurisdiction.values()));
            }
        });
        String url = request.webhookUrl() == null || request.webhookUrl().isBlank() ? null : request.webhookUrl().trim();
        if (url != null && url.length() > 2000) {
            throw new InvalidRequestException("webhookUrl", "webhookUrl must be at most 2000 characters");
        }
        Set<AlertEvent.Parameter> needed = EnumSet.noneOf(AlertEvent.Parameter.class);
        events.forEach(event -> needed.addAll(AlertEvent.valueOf(event).needs()));
        Double threshold = parameter(needed, AlertEvent.Parameter.THRESHOLD, "threshold", request.threshold(), events);
        if (threshold != null && !(threshold > 0 && threshold <= 1)) {
            throw new InvalidRequestException("threshold", "threshold is a probability above 0 and at most 1, was "
                    + threshold);
        }
        Integer horizon = parameter(needed, AlertEvent.Parameter.HORIZON_DAYS, "horizonDays", request.horizonDays(),
                events);
        if (horizon != null && (horizon < 1 || horizon > AlertEvent.MAX_HORIZON_DAYS)) {
            throw new InvalidRequestException("horizonDays", "horizonDays must be 1 to " + AlertEvent.MAX_HORIZON_DAYS
                    + ", was " + horizon);
        }
        Integer within = parameter(needed, AlertEvent.Parameter.WITHIN_DAYS, "withinDays", request.withinDays(),
                events);
        if (within != null && (within < 1 || within > AlertEvent.MAX_WITHIN_DAYS)) {
            throw new InvalidRequestException("withinDays", "withinDays must be 1 to " + AlertEvent.MAX_WITHIN_DAYS
                    + ", was " + within);
        }
        return new Watch(name, events, products, groups, atc, sites, jurisdictions, url, threshold, horizon, within);
    }

    /** A parameter: required when one of the events needs it, refused when none does. */
    private static <T> T parameter(Set<AlertEvent.Parameter> needed, AlertEvent.Parameter parameter, String field,
                                   T value, List<String> events) {
        List<String> users = events.stream().filter(e -> AlertEvent.valueOf(e).needs().contains(parameter)).toList();
        if (value == null && !users.isEmpty()) {
            throw new InvalidRequestException(field, field + " is required for " + String.join(", ", users));
        }
        if (value != null && !needed.contains(parameter)) {
            throw new InvalidRequestException(field, field + " is used by none of the events " + events + "; it is "
                    + "for " + Arrays.stream(AlertEvent.values()).filter(e -> e.needs().contains(parameter))
                    .map(Enum::name).toList());
        }
        return value;
    }

    private static List<String> codes(String field, List<String> values, Function<String, String> parser) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_CODES) {
            throw new InvalidRequestException(field, field + " may name at most " + MAX_CODES + " values");
        }
        Set<String> parsed = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw new InvalidRequestException(field, field + " may not hold an empty value");
            }
            parsed.add(parser.apply(value));
        }
        return new ArrayList<>(parsed);
    }

    private static String code(String field, String value) {
        String code = value.trim();
        if (!CODE.matcher(code).matches()) {
            throw new InvalidRequestException(field, field + " holds a malformed code: " + value);
        }
        return code;
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("no subscription " + id);
    }
}
