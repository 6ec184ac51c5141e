package dev.chezhu.gateway.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * The counters each service already exports at /q/metrics (Prometheus text), read from the same host
 * and port the gateway's gRPC client uses: HTTP and gRPC share one port on every service.
 */
@ApplicationScoped
public class ServiceMetrics {

    /** One sample: metric name, its labels, its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final HttpClient http;
    private final Config config;

    public ServiceMetrics(Vertx vertx, Config config) {
        this.http = vertx.createHttpClient();
        this.config = config;
    }

    /** Samples of the named service (identity, telematics, recommendation, loyalty) whose name passes the filter. */
    public Uni<List<Sample>> scrape(String service, Predicate<String> names) {
        String host = config.getOptionalValue("quarkus.grpc.clients." + service + ".host", String.class).orElse("localhost");
        int port = config.getOptionalValue("quarkus.grpc.clients." + service + ".port", Integer.class).orElse(0);
        return http.request(HttpMethod.GET, port, host, "/q/metrics")
                .flatMap(HttpClientRequest::send)
                .flatMap(HttpClientResponse::body)
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(Buffer::toString)
                .map(text -> parse(text, names));
    }

    static List<Sample> parse(String text, Predicate<String> names) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches() || !names.test(m.group(1))) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            try {
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
            } catch (NumberFormatException ignored) {
                // NaN spelled otherwise, or a malformed line: not a counter the overview needs
            }
        }
        return samples;
    }

    static double sum(List<Sample> samples, String name, Predicate<Map<String, String>> where) {
        return samples.stream().filter(s -> s.name().equals(name) && where.test(s.labels())).mapToDouble(Sample::value).sum();
    }
}
