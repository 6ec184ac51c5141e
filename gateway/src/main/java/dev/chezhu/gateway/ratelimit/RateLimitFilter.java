package dev.chezhu.gateway.ratelimit;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.chezhu.gateway.problem.Problem;
import dev.chezhu.platform.auth.Caller;
import io.opentelemetry.api.trace.Span;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Before any resource runs (pre-matching, so also before role checks): tags the span with the partner's client ID and spends one token of the
 * partner's budget; an empty bucket answers 429 with Retry-After. Unauthenticated requests pass on
 * to be refused with 401 by the resource's security.
 */
public class RateLimitFilter {

    private final CurrentIdentityAssociation identities;
    private final RateLimiter limiter;
    private final RateLimitConfig config;

    public RateLimitFilter(CurrentIdentityAssociation identities, RateLimiter limiter, RateLimitConfig config) {
        this.identities = identities;
        this.limiter = limiter;
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> limit(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().startsWith("/q/")) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .flatMap(identity -> check(identity));
    }

    private Uni<Response> check(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return Uni.createFrom().nullItem();
        }
        Caller caller = Caller.of(identity);
        String client = caller.clientId().isEmpty() ? "unknown" : caller.clientId();
        Span.current().setAttribute("chezhu.client_id", client);
        if (!config.enabled()) {
            return Uni.createFrom().nullItem();
        }
        // one budget per client and subject: a service account is one subject per client, while the
        // people of one public client (the console's dealer staff) each get their own budget
        return limiter.acquire(client, caller.subject())
                .map(decision -> decision.allowed() ? null : tooMany(client, decision));
    }

    private static Response tooMany(String client, RateLimiter.Decision decision) {
        long seconds = Math.max(1, (decision.retryAfterMillis() + 999) / 1000);
        return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", seconds)
                .entity(Problem.of(429, "Too Many Requests", "RATE_LIMITED",
                        "The request budget of client " + client + " is used up; retry after " + seconds + " s", List.of()))
                .build();
    }
}
