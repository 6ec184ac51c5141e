package dev.chezhu.gateway.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.Router;

/** How the console's static files (from the console jar) are reached and cached. */
@ApplicationScoped
public class ConsoleRoutes {

    void addSlash(@Observes Router router) {
        // a regex: a plain "/console" route would also match "/console/" and redirect it to itself
        router.getWithRegex("/console").handler(ctx -> ctx.redirect("/console/"));
    }

    // the page names the current build's hashed assets, so it must never be served stale after an
    // upgrade (the hashed assets themselves may be cached as long as the browser likes); a filter,
    // because static files are served before any route
    void noStalePage(@Observes Filters filters) {
        filters.register(ctx -> {
            String path = ctx.normalizedPath();
            if (path.equals("/console/") || path.equals("/console/index.html")) {
                ctx.addHeadersEndHandler(end -> ctx.response().headers().set("Cache-Control", "no-cache"));
            }
            ctx.next();
        }, 10);
    }
}
