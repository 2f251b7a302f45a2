package org.stockbridge.api.ingestion;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.idempotency.IdempotencyService;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;
import reactor.core.publisher.Mono;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Idempotent;
import org.stockbridge.api.web.RequiresScope;

@RestController
@RequestMapping("/api/v1/ingestions")
@Tag(name = "Ingestions", description = "Upload DSC, FDA or DPD files and follow their ingestion")
class IngestionController {

    private final IngestionService service;
    private final IngestionRepository runs;
    private final IdempotencyService idempotency;

    IngestionController(IngestionService service, IngestionRepository runs, IdempotencyService idempotency) {
        this.service = service;
        this.runs = runs;
        this.idempotency = idempotency;
    }

    /** What the Idempotency-Key compares: the same file content under the same name is the same request. */
    record UploadRequest(String fileName, String sha256, long sizeBytes) {
    }

    record Accepted(long id, String status, String fileName, String format, String href) {
    }

    @RequiresScope(Caller.ADMIN)
    @Idempotent
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ApiResponse(responseCode = "202", description = "The run, queued; follow it at href",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Location",
                    description = "The run", schema = @Schema(type = "string")),
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    @Operation(operationId = "createIngestion",
            summary = "Upload a file to ingest",
            description = "Multipart field 'file': any format Stockbridge ingests (DSC exports of 2017, 2018 and "
                    + "2023, DSC API report arrays, search pages and CSV, drugshortages.ca records, the openFDA "
                    + "shortages file, DPD products or ingredients), recognised from its content; anything else is "
                    + "refused with 422 unrecognised-format. Answers 202 with the run; follow it at "
                    + "/api/v1/ingestions/{id}. Uploading a file whose earlier run did not finish resumes that run. "
                    + "Requires an Idempotency-Key.")
    Mono<ResponseEntity<String>> upload(@RequestHeader(value = IdempotencyService.HEADER, required = false) String key,
                                        @Parameter(description = "The file, as it was published",
                                                schema = @Schema(type = "string", format = "binary"))
                                        @RequestPart(value = "file", required = false) Part file,
                                        ServerWebExchange exchange) {
        return Mono.defer(() -> {
            if (key == null || key.isBlank()) {
                throw new InvalidRequestException(IdempotencyService.HEADER,
                        "the Idempotency-Key header is required on this request");
            }
            if (!(file instanceof FilePart part)) {
                throw new InvalidRequestException("file", "a multipart field 'file' holding the file is required");
            }
            String actor = Callers.actor(exchange);
            return service.store(part).flatMap(stored -> idempotency.execute(Callers.client(exchange), key, "POST",
                    "/api/v1/ingestions", new UploadRequest(stored.name(), stored.sha256(), stored.sizeBytes()),
                    HttpStatus.ACCEPTED, () -> service.submit(stored, actor).map(id -> new Accepted(id, "QUEUED",
                            stored.name(), stored.format().name(), "/api/v1/ingestions/" + id))))
                    .map(response -> {
                        String body = response.getBody();
                        String id = body == null ? null : body.replaceAll("(?s)^\\{\"id\":(\\d+).*", "$1");
                        return id != null && id.matches("\\d+") ? ResponseEntity.status(response.getStatusCode())
                                .headers(response.getHeaders()).location(URI.create("/api/v1/ingestions/" + id))
                                .body(body) : response;
                    });
        });
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/{id}")
    @Operation(operationId = "getIngestion",
            summary = "An ingestion run with its live counts",
            description = "status QUEUED, RUNNING, COMPLETED or FAILED (with message); counts read, inserted, "
                    + "updated, unchanged, rejected (read = inserted + updated + unchanged + rejected), closed "
                    + "(reports a full snapshot no longer lists, and reports a source that ended left open, archived), linked and unmatched (after the link step).")
    Mono<IngestionView> one(@PathVariable long id) {
        return runs.find(id).switchIfEmpty(Mono.error(() -> new NotFoundException("no ingestion run " + id)));
    }

    @RequiresScope(Caller.READ)
    @GetMapping("/{id}/rejects")
    @Operation(operationId = "listIngestionRejects",
            summary = "The records a run refused",
            description = "Record number in the file, line (CSV), reason and raw content; cursor pagination.")
    Mono<Page<IngestionRepository.Reject>> rejects(@PathVariable long id,
                                                   @RequestParam(required = false) String cursor,
                                                   @RequestParam(required = false) Integer limit) {
        return Mono.defer(() -> {
            PageRequest page = PageRequest.of(cursor, limit);
            return runs.find(id).switchIfEmpty(Mono.error(() -> new NotFoundException("no ingestion run " + id)))
                    .flatMap(run -> runs.rejects(id, page).collectList().map(rows -> Page.of(rows, page)));
        });
    }
}
