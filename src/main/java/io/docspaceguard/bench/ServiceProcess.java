package io.docspaceguard.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service ({@code serve}) in a child JVM started as an operator would start it, so that what a benchmark reads of
 * it — resident memory, processor time, answer times — is the service's alone, not shared with the benchmark's own
 * portal or load generator. Its output goes to a log file the benchmark names.
 */
final class ServiceProcess implements AutoCloseable {
    /** How often the child's peak resident memory is read while it runs. */
    private static final long POLL_MILLIS = 20;

    private final Process process;
    private final int port;
    private final Path log;
    private final AtomicLong peakRssKb = new AtomicLong();
    private final Thread watcher;
    /** Ends the child when the benchmark is interrupted, so that no service is left running to skew the next one. */
    private final Thread reaper;

    /**
     * Starts the child on a free port and waits until {@code /health} answers 200.
     *
     * @param jvmOptions options of the child JVM, before the class path
     * @param env        set in the environment the child inherits from this process; a null value removes a variable.
     *                   {@code GUARD_HTTP_PORT} is set here.
     * @param log        where the child's output goes
     */
    static ServiceProcess start(List<String> jvmOptions, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        return start(jvmOptions, List.of("io.docspaceguard.App", "serve"), env, log);
    }

    /**
     * As {@link #start(List, Map, Path)}, with another main class of this class path, which must listen on
     * {@code GUARD_HTTP_PORT} and answer {@code GET /health} with 200.
     *
     * @param main the main class and its arguments
     */
    static ServiceProcess start(List<String> jvmOptions, List<String> main, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(main);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> childEnv = builder.environment();
        env.forEach((name, value) -> {
            if (value == null) {
                childEnv.remove(name);
            } else {
                childEnv.put(name, value);
            }
        });
        childEnv.put("GUARD_HTTP_PORT", Integer.toString(port));
        ServiceProcess service = new ServiceProcess(builder.start(), port, log);
        try {
            service.awaitHealthy();
            return service;
        } catch (RuntimeException | InterruptedException e) {
            service.close();
            throw e;
        }
    }

    /**
     * {@code settings} as the child's whole configuration: every {@code GUARD_} and {@code DOCSPACE_} variable of this
     * process's environment is removed from the child's, so that it runs on these settings and the service's defaults.
     */
    static Map<String, String> onlySettings(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        for (String name : System.getenv().keySet()) {
            if (name.startsWith("GUARD_") || name.startsWith("DOCSPACE_")) {
                env.put(name, null);
            }
        }
        env.putAll(settings);
        return env;
    }

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.watcher = new Thread(() -> {
            while (process.isAlive()) {
                peakRssKb.accumulateAndGet(peakRssKb(process.pid()), Math::max);
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-watcher");
        watcher.setDaemon(true);
        watcher.start();
        this.reaper = new Thread(process::destroyForcibly, "service-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    /** The most resident memory the child has had so far. */
    long peakRssKb() {
        return peakRssKb.get();
    }

    /** The child's processor time so far; {@code orElse} once it is gone. */
    Duration cpu(Duration orElse) {
        return process.info().totalCpuDuration().orElse(orElse);
    }

    /** Stops the child (SIGTERM, then SIGKILL after 30 s) and waits for it; again is harmless. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stop();
        } finally {
            watcher.interrupt();
            removeReaper();
        }
    }

    private void removeReaper() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // already shutting down: the reaper runs anyway, harmlessly, on a child that has ended
        }
    }

    private void awaitHealthy() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < giveUp) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service did not answer /health within 2 minutes; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** VmHWM of a running process: the most resident memory it has had; 0 once it is gone. */
    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone between the check and the read
        }
        return 0;
    }
}
