package io.patchrun.run;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.batch.RunLauncher;
import io.patchrun.history.ReadyVersions;
import io.patchrun.history.RunHistory;
import io.patchrun.history.VersionHistory;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.retain.ImageStore;
import io.patchrun.time.Pause;

/** Puts {@link PatchRuns} together from the pipelines, the histories, the engine's images and the launcher. */
@Configuration(proxyBeanMethods = false)
class RunWiring {

    @Bean
    PatchRuns patchRuns(PipelineFolder pipelines, VersionHistory versions, ImageStore images, RunLauncher launcher,
                        RunHistory runs, Clock clock) {
        RequestChecks checks = new RequestChecks(pipelines::list, versions::versions, ref -> images.imageId(ref) != null,
                runs::find, pipeline -> runs.list(pipeline, null, 0, 1).stream().findFirst());
        return new PatchRuns(checks, launcher, new RunWaiter(runs::find, clock, Pause.sleeping()));
    }

    @Bean
    WindowRuns windowRuns(PipelineFolder pipelines, ReadyVersions ready, RunLauncher launcher, Clock clock) {
        return new WindowRuns(pipelines::list, ready::of, launcher, clock);
    }
}
