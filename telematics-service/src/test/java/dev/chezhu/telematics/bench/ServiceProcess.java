package dev.chezhu.telematics.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a separate process against the
 * test database and Redis db 1, with the PERMISSIVE consent gate (identity-service does not run here)
 * and tracing off. Started, probed for readiness, and stopped (gracefully or with kill -9).
 */
final class ServiceProcess {

    static final int PORT = Integer.getInteger("bench.port", 28182);

    private final Process process;

    private ServiceProcess(Process process) {
        this.process = process;
    }

    static ServiceProcess start(String writer, String logName) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package -DskipTests first");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + System.getProperty("bench.service-heap", "768m"),
                "-Dquarkus.http.port=" + PORT,
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/chezhu_telematics_test",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/chezhu_telematics_test",
                "-Dquarkus.redis.hosts=redis://127.0.0.1:6379/1",
                "-Dchezhu.telematics.consent.gate=permissive",
                "-Dchezhu.telematics.ingest.writer=" + writer,
                "-Dchezhu.telematics.maintenance.enabled=false",
                "-Dchezhu.telematics.signing.key-file=target/bench-signing/signing-key.pk8",
                "-Dquarkus.otel.sdk.disabled=true",
                "-Dquarkus.log.level=WARN",
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File("target/" + logName + ".log"));
        ServiceProcess service = new ServiceProcess(builder.start());
        service.awaitReady(Duration.ofSeconds(120));
        return service;
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory of the service process in MiB (Linux /proc). */
    long rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // process gone
        }
        return -1;
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue()
                        + "; see target/*.log");
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT
                        + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the service was not ready within " + timeout);
    }

    /** kill -9: no shutdown hook, no graceful drain. */
    void kill9() throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start().waitFor();
        process.waitFor();
    }

    void stop() throws Exception {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
