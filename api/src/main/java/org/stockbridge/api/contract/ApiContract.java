package org.stockbridge.api.contract;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.method.HandlerMethod;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.ETagged;
import org.stockbridge.api.web.Idempotent;
import org.stockbridge.api.web.Problems;
import org.stockbridge.api.web.PublicEndpoint;
import org.stockbridge.api.web.RequiresScope;
import org.stockbridge.api.web.Sunset;

/**
 * What the API document says of every operation beyond its own annotations, from the same declarations the server
 * acts on: the scopes of {@link RequiresScope} (those the access decision enforces) as security requirements, the
 * problem details each kind of operation can answer, and the headers of the conventions (Idempotency-Key,
 * If-Match, ETag, Retry-After, Idempotent-Replayed, Deprecation, Sunset). Plain functions over the document's model,
 * so the rules are read in one place.
 */
public final class ApiContract {

    /** The version of the API contract; a breaking change raises its major number (docs/api-compatibility.md). */
    public static final String VERSION = "1.0.0";
    public static final String BEARER = "bearerToken";
    public static final String OAUTH2 = "oauth2";
    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String IF_MATCH = "If-Match";

    /**
     * One shared problem answer: its component name, what it means, and an example as Stockbridge answers it, with
     * values of the demo data.
     */
    private record Answer(String component, String description, String type, String title, String detail,
                          String instance, Map<String, Object> extensions) {
    }

    /** The shared problem answers, by status. */
    private static final Map<String, Answer> PROBLEMS = new LinkedHashMap<>();

    static {
        answer("400", "BadRequest", "The request is malformed or a parameter or field is invalid (invalid-request, "
                        + "naming the parameter). Also: an ambiguous path (encoded slash, ';', '..', '//').",
                "invalid-request", "Invalid request", "quantity must be a positive whole number of units of issue",
                "/api/v1/movements", Map.of("parameter", "movement.quantity"));
        answer("401", "Unauthorized", "No bearer token, or one that is not valid: forged, expired, of another issuer, "
                        + "or not meant for Stockbridge (its aud). WWW-Authenticate says which.",
                "unauthorized", "Unauthorized", "this request needs a bearer token (Authorization: Bearer ...)",
                "/api/v1/sites", Map.of());
        answer("403", "Forbidden", "The token lacks the scope this operation requires (insufficient_scope, naming "
                        + "requiredScope), names no jurisdiction, agency or sites, or acts in another jurisdiction "
                        + "than the site's.",
                "forbidden", "Forbidden", "the token lacks the scope this request needs", "/api/v1/audit",
                Map.of("requiredScope", Caller.ADMIN));
        answer("404", "NotFound", "No such resource, or one the caller may not see (a partner learns nothing of "
                        + "another tenant's sites).",
                "not-found", "Not found", "no site with code SNS-R99", "/api/v1/sites/SNS-R99", Map.of());
        answer("409", "Conflict", "The request conflicts with the stored state: insufficient-stock, "
                        + "insufficient-stock-at-the-time, before-lot-arrived, lot-not-issuable, lot-mismatch, "
                        + "already-reversed, invalid-transfer-state, no-webhook, open-transfers-changed, "
                        + "or idempotency-key-in-use (the same key is being "
                        + "processed, on this or another instance; Retry-After says when to retry).",
                "insufficient-stock", "Insufficient stock",
                "lot L261119-SNS-R02-12 holds 40, 60 short of the 100 requested", "/api/v1/movements",
                Map.of("lot", "L261119-SNS-R02-12", "available", 40, "requested", 100, "missing", 60));
        answer("412", "PreconditionFailed", "If-Match names a version that is no longer the resource's "
                        + "(precondition-failed); read it again and retry.",
                "precondition-failed", "Precondition failed", "the border crossing changed since version 3",
                "/api/v1/border-crossings/Detroit-Windsor", Map.of());
        answer("413", "ContentTooLarge", "The body is larger than allowed (payload-too-large, with maxBytes), counted "
                        + "as it is read.",
                "payload-too-large", "Payload too large", "the body is larger than 1048576 bytes",
                "/api/v1/movement-documents", Map.of("maxBytes", 1048576));
        answer("415", "UnsupportedMediaType", "The body's media type is not one this operation takes.",
                "unsupported-media-type", "Unsupported media type", "Content-Type text/plain is not supported",
                "/api/v1/movements", Map.of());
        answer("422", "UnprocessableContent", "The request is well formed but cannot be applied: unknown-reference, "
                        + "reversal-not-allowed, webhook-target-refused, unrecognised-format, unsupported-report, "
                        + "balance-limit (a receipt, count or transfer in that would take a balance above 10^13 units "
                        + "of issue), or an Idempotency-Key reused with another payload.",
                "unknown-reference", "Unknown reference", "no product with code PPE-n96", "/api/v1/movements",
                Map.of("field", "movement.product"));
        answer("428", "PreconditionRequired", "This change needs If-Match with the resource's version (its ETag).",
                "precondition-required", "Precondition required",
                "changing a border crossing needs If-Match with its version", "/api/v1/border-crossings/Detroit-Windsor",
                Map.of());
        answer("429", "TooManyRequests", "Rate limited (rate-limited), too many open change streams "
                        + "(too-many-streams), or another as-of forecast answer of the client still being computed "
                        + "(as-of-computation-busy); Retry-After says when to retry.",
                "rate-limited", "Too many requests", "ny-state-partner may make 200 requests a second; retry after 1 s",
                "/api/v1/sites/NY-ALB-001/stock", Map.of("retryAfterSeconds", 1));
        answer("500", "InternalError", "An unexpected error; it has been logged (internal-error).",
                "internal-error", "Internal error", "an unexpected error occurred; it has been logged",
                "/api/v1/stock/summary", Map.of());
        answer("503", "ServiceUnavailable", "The database cannot be reached for now (service-unavailable); nothing of "
                        + "the request was kept, so retrying with the same Idempotency-Key is safe. Retry-After says "
                        + "when.",
                "service-unavailable", "Service unavailable", "the database is not reachable; retry", "/api/v1/movements",
                Map.of());
    }

    private static void answer(String status, String component, String description, String type, String title,
                               String detail, String instance, Map<String, Object> extensions) {
        PROBLEMS.put(status, new Answer(component, description, type, title, detail, instance, extensions));
    }

    private ApiContract() {
    }

    /** The document's frame: what the API is, how a caller authenticates, and the shared problem answers. */
    public static OpenAPI document(String tokenUrl) {
        Components components = new Components()
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .bearerFormat("JWT").description("An OAuth2 access token (JWT) from the agencies' identity "
                                + "provider, or in the embedded default from POST /auth/local-token. It must name "
                                + "`stockbridge` in aud, and say where its holder acts: a `jurisdiction` claim (US, "
                                + "CA, or both) or a partner's `agency` or `sites`."))
                .addSecuritySchemes(OAUTH2, new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                        .description("The same token, obtained with the OAuth2 client credentials grant; each scope "
                                + "says what kind of act a token may do.")
                        .flows(new OAuthFlows().clientCredentials(new OAuthFlow().tokenUrl(tokenUrl)
                                .scopes(scopes()))))
                .addSchemas(PROBLEM, problemSchema())
                .addHeaders("Retry-After", header("How many seconds to wait before retrying.", new IntegerSchema()))
                .addHeaders("ETag", header("The resource's version, quoted; send it back in If-Match to change it.",
                        new StringSchema().example("\"3\"")))
                .addHeaders("Idempotent-Replayed", header("true when this answer is the stored answer of an earlier "
                        + "request with the same Idempotency-Key and payload; nothing was applied again.",
                        new StringSchema()._enum(List.of("true"))));
        PROBLEMS.forEach((status, answer) -> components.addResponses(answer.component(),
                problemResponse(status, answer.description())));
        return new OpenAPI()
                .info(new Info().title("Stockbridge API").version(VERSION)
                        .summary("Stock truth, shortage warnings and cross-border transfers of the U.S. and Canadian "
                                + "national stockpiles")
                        .description(DESCRIPTION)
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                .servers(List.of(new Server().url("/").description("This service")))
                .components(components);
    }

    /** Adds to one operation what its handler declares of access, conventions and the problems it can answer. */
    public static Operation describe(Operation operation, HandlerMethod handler) {
        RequiresScope scopes = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequiresScope.class);
        boolean open = AnnotatedElementUtils.hasAnnotation(handler.getMethod(), PublicEndpoint.class);
        if (scopes != null) {
            List<String> required = List.of(scopes.value());
            operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER, required),
                    new SecurityRequirement().addList(OAUTH2, required)));
            append(operation, "Requires the scope " + String.join(" or ", required.stream().map(s -> "`" + s + "`")
                    .toList()) + "; the token's claims narrow where: a manager changes stock only in their "
                    + "jurisdiction, a partner sees and changes only its own sites.");
        } else if (open) {
            operation.setSecurity(List.of());
        }
        Sunset sunset = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), Sunset.class);
        if (sunset != null && handler.getMethod().isAnnotationPresent(Deprecated.class)) {
            DeprecationPolicy.check(sunset);
            operation.setDeprecated(true);
            append(operation, "Deprecated on " + sunset.deprecatedOn() + "; it stops answering on " + sunset.on()
                    + ". Its answers carry Deprecation and Sunset headers.");
        }
        Idempotent idempotency = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), Idempotent.class);
        boolean idempotent = idempotency != null;
        boolean conditional = hasHeader(handler, IF_MATCH);
        boolean body = hasAnnotatedParameter(handler, RequestBody.class)
                || hasAnnotatedParameter(handler, RequestPart.class);
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        decorateSuccess(responses, AnnotatedElementUtils.hasAnnotation(handler.getMethod(), ETagged.class), idempotent,
                operation.getDeprecated() != null && operation.getDeprecated());
        if (operation.getParameters() != null || body) {
            problem(responses, "400");
        }
        if (!open) {
            problem(responses, "401");
            problem(responses, "403");
        }
        if (hasAnnotatedParameter(handler, PathVariable.class)) {
            problem(responses, "404");
        }
        if (idempotent) {
            problem(responses, "409");
            problem(responses, "422");
        }
        if (conditional) {
            problem(responses, "412");
            problem(responses, "428");
        }
        if (body) {
            problem(responses, "413");
            problem(responses, "415");
        }
        problem(responses, "429");
        problem(responses, "500");
        problem(responses, "503");
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                conventionHeader(parameter, idempotency);
            }
        }
        return operation;
    }

    private static void decorateSuccess(ApiResponses responses, boolean etagged, boolean idempotent,
                                        boolean deprecated) {
        responses.forEach((status, response) -> {
            if (!status.startsWith("2")) {
                return;
            }
            if (etagged) {
                response.addHeaderObject("ETag", new Header().$ref("#/components/headers/ETag"));
            }
            if (idempotent) {
                response.addHeaderObject("Idempotent-Replayed",
                        new Header().$ref("#/components/headers/Idempotent-Replayed"));
            }
            if (deprecated) {
                response.addHeaderObject("Deprecation", header("When this operation was deprecated (RFC 9745), as "
                        + "@epoch-seconds.", new StringSchema().example("@1798761600")));
                response.addHeaderObject("Sunset", header("When this operation stops answering (RFC 8594), an HTTP "
                        + "date; at least six months after its deprecation.",
                        new StringSchema().example("Wed, 30 Jun 2027 00:00:00 GMT")));
            }
        });
    }

    private static void conventionHeader(Parameter parameter, Idempotent idempotency) {
        if (!"header".equals(parameter.getIn())) {
            return;
        }
        if (IDEMPOTENCY_KEY.equals(parameter.getName()) && idempotency != null) {
            parameter.required(idempotency.required() ? Boolean.TRUE : null);
            parameter.description("A key of the client's choosing (1 to 255 characters, a UUID is best) that makes the "
                    + "request safe to retry: the same key with the same payload answers the stored response again "
                    + "(Idempotent-Replayed: true) and applies nothing twice; with another payload 422; while the first "
                    + "is still running 409. Keys are kept 24 hours.");
            parameter.schema(new StringSchema().minLength(1).maxLength(255)
                    .example("6f1c2a9e-3b7d-4c55-9a0e-2d8f4b1c7e31"));
        } else if (IF_MATCH.equals(parameter.getName())) {
            parameter.description("The resource's version as its ETag gave it (\"3\"): the change applies only to that "
                    + "version (412 otherwise); 428 without it where the resource exists.");
            parameter.schema(new StringSchema().example("\"3\""));
        }
    }

    private static void problem(ApiResponses responses, String status) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().$ref("#/components/responses/"
                    + PROBLEMS.get(status).component()));
        }
    }

    private static ApiResponse problemResponse(String status, String description) {
        ApiResponse response = new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                        .addExamples(status, new Example().value(example(status)))));
        if (status.equals("409") || status.equals("429") || status.equals("503")) {
            response.addHeaderObject("Retry-After", new Header().$ref("#/components/headers/Retry-After"));
        }
        if (status.equals("401") || status.equals("403")) {
            response.addHeaderObject("WWW-Authenticate", new Header().description("The Bearer challenge: "
                    + "error=\"invalid_token\" or error=\"insufficient_scope\".").schema(new StringSchema()));
        }
        return response;
    }

    /** A problem as Stockbridge answers it, with values of the demo data. */
    private static Map<String, Object> example(String status) {
        Answer answer = PROBLEMS.get(status);
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", Problems.BASE + answer.type());
        example.put("title", answer.title());
        example.put("status", Integer.parseInt(status));
        example.put("detail", answer.detail());
        example.put("instance", answer.instance());
        example.putAll(new java.util.TreeMap<>(answer.extensions()));
        return example;
    }

    private static Schema<?> problemSchema() {
        ObjectSchema schema = new ObjectSchema();
        schema.description("An RFC 9457 problem detail. `type` is stable: clients may switch on it. Extension members "
                + "carry the facts of the refusal (requiredScope, available, requested, missing, lot, parameter, "
                + "retryAfterSeconds, maxBytes, state ...).");
        schema.addProperty("type", new StringSchema().format("uri")
                .description("The kind of problem, under " + Problems.BASE + " (insufficient-stock, lot-mismatch, "
                        + "invalid-request, forbidden ...).").example(Problems.BASE + "insufficient-stock"));
        schema.addProperty("title", new StringSchema().description("A short summary of the kind of problem."));
        schema.addProperty("status", new IntegerSchema().description("The HTTP status."));
        schema.addProperty("detail", new StringSchema().description("What went wrong with this request."));
        schema.addProperty("instance", new StringSchema().format("uri-reference").description("The request's path."));
        schema.addProperty("traceId", new StringSchema().pattern("^[0-9a-f]{32}$").description("The request's trace "
                + "id (W3C, 32 hex digits): quote it when reporting the problem; the service's log lines for the "
                + "request carry it."));
        schema.required(List.of("type", "title", "status"));
        schema.additionalProperties(true);
        return schema;
    }

    private static Scopes scopes() {
        Scopes scopes = new Scopes();
        scopes.addString(Caller.READ, "Read stock, lots, movements, sites, products, shortage reports, transfers and "
                + "the change feed.");
        scopes.addString(Caller.WRITE, "Post movements, counts and stock positions; set stock policies; dispatch, "
                + "receive and cancel transfers.");
        scopes.addString(Caller.FORECAST, "Read forecasts and shortage risk; ask for transfer recommendations and "
                + "scenarios.");
        scopes.addString(Caller.APPROVE, "Approve (or cancel) transfers for the approver's jurisdiction.");
        scopes.addString(Caller.ADMIN, "Read the audit log, upload data files, change lanes and border crossings.");
        return scopes;
    }

    private static Header header(String description, Schema<?> schema) {
        return new Header().description(description).schema(schema);
    }

    private static void append(Operation operation, String text) {
        String description = operation.getDescription();
        operation.setDescription(description == null || description.isBlank() ? text : description + "\n\n" + text);
    }

    private static boolean hasHeader(HandlerMethod handler, String name) {
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
            if (header != null && (name.equalsIgnoreCase(header.value()) || name.equalsIgnoreCase(header.name()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasAnnotatedParameter(HandlerMethod handler,
                                                 Class<? extends java.lang.annotation.Annotation> annotation) {
        for (MethodParameter parameter : handler.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(annotation)) {
                return true;
            }
        }
        return false;
    }

    private static final String DESCRIPTION = """
            Stockbridge holds the stock of the U.S. Strategic National Stockpile (ASPR) and Canada's National Emergency \
            Strategic Stockpile (PHAC), and of the state, provincial and partner systems that sync with them: an \
            append-only ledger of movements with balances that always equal their sum, shortage reports from Drug \
            Shortages Canada and the FDA, demand forecasts and shortage risk, and cross-border transfers.

            **Authentication.** Every `/api/v1` operation needs a bearer JWT whose `aud` names `stockbridge`, whose \
            `scope` holds the scope the operation requires, and which says where its holder acts (`jurisdiction`: \
            US, CA or both; or a partner's `agency` or `sites`).

            **Conventions.** JSON in and out; timestamps UTC ISO-8601; quantities whole units of issue. Lists are \
            cursor pages (`limit`, `cursor`, `nextCursor`). Every change that creates effects takes an \
            `Idempotency-Key`; a change of a versioned resource takes `If-Match` with its `ETag`. Every refusal is an \
            RFC 9457 problem detail (`application/problem+json`) with a stable `type`. Changes can be followed in \
            order on the change feed (`/api/v1/changes`).

            **Compatibility.** Within a major version, operations, fields and accepted values are only added; a \
            deprecated operation answers with `Deprecation` and `Sunset` headers for at least six months before it \
            is removed in the next major version.""";
}
