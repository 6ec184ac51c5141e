package dev.chezhu.platform.events;

import java.util.function.Supplier;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs work on a fresh duplicated Vert.x context marked safe, as Hibernate Reactive Panache requires
 * and as a request would get one: each event has its own session and its own OpenTelemetry context.
 */
final class VertxContexts {

    private VertxContexts() {
    }

    static <T> Uni<T> onNewSafeContext(Vertx vertx, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context root = VertxContext.getRootContext(vertx.getOrCreateContext());
            Context duplicated = VertxContext.createNewDuplicatedContext(root);
            VertxContextSafetyToggle.setContextSafe(duplicated, true);
            duplicated.runOnContext(ignored -> {
                Uni<T> uni;
                try {
                    uni = work.get();
                } catch (Throwable t) {
                    emitter.fail(t);
                    return;
                }
                uni.subscribe().with(emitter::complete, emitter::fail);
            });
        });
    }
}
