package io.patchrun.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.api.model.UpdateConfig;

/**
 * A single-node swarm on the test engine ({@code docker swarm init --advertise-addr 127.0.0.1}) for one test class, left
 * as it was found: {@link #close()} removes the services the class made and leaves the swarm only when this class made
 * it. Services publish no port (the routing mesh needs IPVS, which test machines may lack); their availability is read
 * from their tasks' states and their containers' health.
 */
public final class SingleNodeSwarm implements AutoCloseable {

    private final DockerClient docker;
    private final boolean joined;
    private final List<String> services = new ArrayList<>();

    private SingleNodeSwarm(DockerClient docker, boolean joined) {
        this.docker = docker;
        this.joined = joined;
    }

    /** The engine's swarm, made now unless the engine is in one already. */
    public static SingleNodeSwarm on(DockerClient docker) {
        if (docker.infoCmd().exec().getSwarm().getLocalNodeState() == LocalNodeState.ACTIVE) {
            return new SingleNodeSwarm(docker, false);
        }
        docker.initializeSwarmCmd(new SwarmSpec()).withAdvertiseAddr("127.0.0.1").exec();
        return new SingleNodeSwarm(docker, true);
    }

    /**
     * Creates a one-replica service of {@code image} running {@code command}, with the health check {@code health}
     * (every 300 ms, unhealthy after 2 failures) and, unless {@code update} is {@code null}, those update settings.
     */
    public String createService(String name, String image, List<String> command, String health, Map<String, String> containerLabels,
                                UpdateConfig update) {
        return createService(name, image, command, health, containerLabels, update, List.of());
    }

    /** {@link #createService(String, String, List, String, Map, UpdateConfig)} with the host paths {@code binds} mounted read-only. */
    public String createService(String name, String image, List<String> command, String health, Map<String, String> containerLabels,
                                UpdateConfig update, List<String> binds) {
        ServiceSpec spec = new ServiceSpec().withName(name)
                .withTaskTemplate(new com.github.dockerjava.api.model.TaskSpec().withContainerSpec(new ContainerSpec().withImage(image)
                        .withCommand(command).withLabels(containerLabels)
                        .withMounts(binds.stream().map(path -> new Mount().withType(MountType.BIND).withSource(path).withTarget(path).withReadOnly(true))
                                .toList())
                        .withHealthCheck(new HealthCheck().withTest(List.of("CMD-SHELL", health)).withInterval(300_000_000L)
                                .withTimeout(2_000_000_000L).withRetries(2))))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(1)));
        if (update != null) {
            spec = spec.withUpdateConfig(update);
        }
        String id = docker.createServiceCmd(spec).exec().getId();
        services.add(id);
        return id;
    }

    public Service inspect(String id) {
        return docker.inspectServiceCmd(id).exec();
    }

    public String image(String id) {
        return inspect(id).getSpec().getTaskTemplate().getContainerSpec().getImage();
    }

    /** How many tasks of the service run with a healthy container right now. */
    public int healthyTasks(String id) {
        int healthy = 0;
        for (Task task : docker.listTasksCmd().withServiceFilter(id).exec()) {
            if (task.getStatus() == null || task.getStatus().getState() != TaskState.RUNNING || task.getStatus().getContainerStatus() == null) {
                continue;
            }
            try {
                var health = docker.inspectContainerCmd(task.getStatus().getContainerStatus().getContainerID()).exec().getState().getHealth();
                if (health != null && "healthy".equals(health.getStatus())) {
                    healthy++;
                }
            } catch (NotFoundException e) {
                // Removed between the listing and the inspect: not healthy any more.
            }
        }
        return healthy;
    }

    /** Samples {@link #healthyTasks(String)} every {@code millis} ms from a thread of its own until closed. */
    public Sampler sample(String id, long millis) {
        return new Sampler("swarm-sampler-" + id, () -> healthyTasks(id), millis);
    }

    /** Counts of something healthy (tasks, containers), taken at a fixed rate from a thread of its own until closed. */
    public static final class Sampler implements AutoCloseable {

        public record Sample(long nanos, int healthy) {
        }

        private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        public Sampler(String name, IntSupplier healthy, long millis) {
            thread = new Thread(() -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    samples.add(new Sample(started, healthy.getAsInt()));
                    // A fixed rate: the loop waits on the clock until the next sample is due.
                    LockSupport.parkNanos(Math.max(0, TimeUnit.MILLISECONDS.toNanos(millis) - (System.nanoTime() - started)));
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        public List<Sample> samples() {
            return List.copyOf(samples);
        }

        /** How long nothing was healthy: the time from each sample that saw none to the next sample. */
        public Duration unavailable() {
            List<Sample> all = samples();
            long nanos = 0;
            for (int i = 0; i + 1 < all.size(); i++) {
                if (all.get(i).healthy() == 0) {
                    nanos += all.get(i + 1).nanos() - all.get(i).nanos();
                }
            }
            return Duration.ofNanos(nanos);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    @Override
    public void close() {
        for (String id : services) {
            try {
                docker.removeServiceCmd(id).exec();
            } catch (NotFoundException e) {
                // Removed by the test itself.
            }
        }
        if (joined) {
            docker.leaveSwarmCmd().withForceEnabled(true).exec();
        }
    }
}
