package dev.chezhu.gateway.limits;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.chezhu.gateway.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;

/**
 * Refuses a body larger than {@code quarkus.http.limits.max-body-size} before anything reads it,
 * as 413 problem+json (Vert.x alone would answer an empty 413). The declared Content-Length is
 * enough to decide; a chunked body over the limit is still cut off by Vert.x itself.
 */
@ApplicationScoped
public class RequestSizeLimit {

    private final long maxBytes;
    private final String problem;

    public RequestSizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max,
            ObjectMapper json) throws JsonProcessingException {
        this.maxBytes = max.asLongValue();
        this.problem = json.writeValueAsString(Problem.of(413, "Content Too Large", "REQUEST_TOO_LARGE",
                "The request body is larger than " + maxBytes / 1024 + " KiB", List.of()));
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && tooLarge(length)) {
                context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(problem);
                return;
            }
            context.next();
        });
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
