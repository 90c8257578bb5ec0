package io.patchrun.web;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.patchrun.history.BaseHistory;
import io.patchrun.history.BaseState;
import io.patchrun.history.DeliveryHistory;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunStatus;
import io.patchrun.history.VersionHistory;

/** What happened: runs, image versions, base digests. Read-only. */
@RestController
@RequestMapping("/api")
class HistoryApi {

    private static final int MAX_PAGE = 500;

    private final RunHistory runs;
    private final VersionHistory versions;
    private final BaseHistory bases;
    private final DeliveryHistory deliveries;

    HistoryApi(RunHistory runs, VersionHistory versions, BaseHistory bases, DeliveryHistory deliveries) {
        this.runs = runs;
        this.versions = versions;
        this.bases = bases;
        this.deliveries = deliveries;
    }

    /** A VIEWER gets the runs with the containers' output withheld from their messages ({@link ShownOutput}). */
    @GetMapping("/runs")
    List<Run> runs(@RequestParam(required = false) String pipeline, @RequestParam(required = false) String status,
                   @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "50") int limit,
                   HttpServletRequest request) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw ApiException.badRequest("offset must be >= 0 and limit 1-" + MAX_PAGE + ", got offset " + offset + ", limit " + limit);
        }
        ShownOutput.Said said = ShownOutput.of(request);
        return runs.list(pipeline, status(status), offset, limit).stream().map(said::run).toList();
    }

    @GetMapping("/runs/{id}")
    RunDetail run(@PathVariable long id, HttpServletRequest request) {
        Run run = ShownOutput.of(request).run(runs.find(id).orElseThrow(() -> ApiException.notFound("no run with id " + id)));
        return new RunDetail(run, deliveries.of(id).stream().map(DeliveryView::of).toList());
    }

    @GetMapping("/images/{name}/versions")
    List<ImageVersion> versions(@PathVariable String name) {
        List<ImageVersion> found = versions.versions(ImageNames.fromPath(name));
        if (found.isEmpty()) {
            throw ApiException.notFound("no versions of image '" + ImageNames.fromPath(name) + "' were built (yet)");
        }
        return found;
    }

    @GetMapping("/bases")
    List<BaseState> bases() {
        return bases.bases();
    }

    private static RunStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return RunStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status '" + status + "' is not one of " + List.of(RunStatus.values()));
        }
    }
}
