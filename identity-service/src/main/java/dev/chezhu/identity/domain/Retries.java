package dev.chezhu.identity.domain;

import java.util.function.Supplier;

import dev.chezhu.platform.error.ServiceException;
import io.smallrye.mutiny.Uni;

/**
 * Runs a transaction again when it lost a race: a person changed under it, or PostgreSQL chose it
 * as a deadlock victim or could not serialise it. The retry is immediate and on the same Vert.x
 * context (the winner has committed by the time the row lock was granted); after a few attempts
 * the caller gets ABORTED and may resend.
 */
final class Retries {

    static final int ATTEMPTS = 8;

    private Retries() {
    }

    static <T> Uni<T> onConflict(Supplier<Uni<T>> transaction) {
        return Uni.createFrom().<T> deferred(transaction::get)
                .onFailure(Retries::isTransient).retry().atMost(ATTEMPTS)
                .onFailure(Retries::isTransient).transform(e -> ServiceException.aborted("CONCURRENT_MODIFICATION",
                        "The person changed concurrently too often; resend the request"));
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StaleClusterException) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg) {
                String state = pg.getSqlState();
                return "40P01".equals(state) || "40001".equals(state);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
