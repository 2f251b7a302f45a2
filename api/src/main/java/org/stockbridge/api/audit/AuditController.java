package org.stockbridge.api.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.api.web.RequestParameters;
import org.stockbridge.api.web.RequiresScope;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit", description = "Every state-changing request; administrators only")
class AuditController {

    private static final Set<String> OUTCOMES = Set.of("APPLIED", "REPLAYED", "REFUSED", "FAILED");

    private final AuditRepository audit;

    AuditController(AuditRepository audit) {
        this.audit = audit;
    }

    @RequiresScope(Caller.ADMIN)
    @GetMapping
    @Operation(operationId = "listAuditEvents",
            summary = "The audit log, newest first",
            description = "Filter by client, outcome (APPLIED, REPLAYED, REFUSED, FAILED), path prefix and time "
                    + "(from included, to excluded; ISO date-times or dates). Needs the admin scope. Cursor pagination.")
    Mono<Page<AuditEntry>> list(@RequestParam(required = false) String client,
                                @RequestParam(required = false) String outcome,
                                @RequestParam(required = false) String path,
                                @RequestParam(required = false) String from,
                                @RequestParam(required = false) String to,
                                @RequestParam(required = false) String cursor,
                                @RequestParam(required = false) Integer limit) {
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            String wanted = RequestParameters.optionalText("outcome", outcome, 16);
            if (wanted != null && !OUTCOMES.contains(wanted.toUpperCase())) {
                throw new InvalidRequestException("outcome", "outcome must be one of " + OUTCOMES);
            }
            String prefix = RequestParameters.optionalText("path", path, 300);
            return audit.find(new AuditRepository.AuditFilter(RequestParameters.optionalText("client", client, 200),
                            wanted == null ? null : wanted.toUpperCase(), prefix, time("from", from, false),
                            time("to", to, true)), page)
                    .collectList()
                    .map(rows -> Page.of(rows, page));
        });
    }

    private static OffsetDateTime time(String name, String value, boolean endOfDay) {
        String text = RequestParameters.optionalText(name, value, 40);
        if (text == null) {
            return null;
        }
        try {
            if (text.length() == 10) {
                LocalDate day = RequestParameters.within(name, text, LocalDate.parse(text));
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return RequestParameters.within(name, text, OffsetDateTime.parse(text));
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name, name + " must be an ISO date or date-time, was " + text);
        }
    }
}
