package io.patchrun.web;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.patchrun.batch.RunRequest;
import io.patchrun.run.BaseChecks;
import io.patchrun.run.PatchRuns;
import io.patchrun.run.RunRefused;

/** The calls that start something: a patch run, a rollback, a resume, a base check. ADMIN only (see security). */
@RestController
@RequestMapping("/api")
class RunsApi {

    record StartRun(List<String> images, Boolean force) {
    }

    record Rollback(String tag, Boolean restoreData) {
    }

    private final PatchRuns runs;
    private final BaseChecks checks;

    RunsApi(PatchRuns runs, BaseChecks checks) {
        this.runs = runs;
        this.checks = checks;
    }

    @PostMapping("/pipelines/{pipeline}/runs")
    ResponseEntity<Map<String, Long>> start(@PathVariable String pipeline, @RequestBody(required = false) StartRun body, Principal user) {
        RunRequest request = body == null ? RunRequest.PENDING : new RunRequest(body.images(), Boolean.TRUE.equals(body.force()));
        return accepted(() -> runs.start(pipeline, request, "api", user.getName()));
    }

    @PostMapping("/images/{name}/rollback")
    ResponseEntity<Map<String, Long>> rollback(@PathVariable String name, @RequestBody(required = false) Rollback body, Principal user) {
        String tag = body == null || body.tag() == null || body.tag().isBlank() ? null : body.tag();
        boolean restoreData = body != null && Boolean.TRUE.equals(body.restoreData());
        return accepted(() -> runs.rollback(ImageNames.fromPath(name), tag, restoreData, user.getName()));
    }

    /** Continues a FAILED or PARTIAL run as a new run; the answer is the new run's id. */
    @PostMapping("/runs/{id}/resume")
    ResponseEntity<Map<String, Long>> resume(@PathVariable long id, Principal user) {
        return accepted(() -> runs.resume(id, user.getName()));
    }

    @PostMapping("/bases/check")
    Map<String, List<String>> checkBases() {
        return Map.of("changed", checks.checkAll());
    }

    static ResponseEntity<Map<String, Long>> accepted(java.util.function.LongSupplier start) {
        try {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("id", start.getAsLong()));
        } catch (RunRefused e) {
            throw switch (e.reason()) {
                case UNKNOWN_PIPELINE, UNKNOWN_RUN -> ApiException.notFound(e.getMessage());
                case RUN_ACTIVE -> ApiException.conflict(e.getMessage());
                case BAD_REQUEST -> ApiException.badRequest(e.getMessage());
            };
        }
    }
}
