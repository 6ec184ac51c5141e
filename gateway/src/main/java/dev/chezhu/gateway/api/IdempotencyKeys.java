package dev.chezhu.gateway.api;

import java.util.regex.Pattern;

import dev.chezhu.gateway.problem.ProblemException;
import dev.chezhu.platform.auth.Caller;

/**
 * The Idempotency-Key header of a state-changing POST becomes the service's request_id, scoped by
 * the caller so two partners choosing the same key never collide.
 */
final class IdempotencyKeys {

    private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7e]{8,90}$");

    private IdempotencyKeys() {
    }

    static void require(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new ProblemException(400, "IDEMPOTENCY_KEY_REQUIRED",
                    "State-changing calls need an Idempotency-Key header of 8-90 printable characters (e.g. a UUID)");
        }
    }

    /** Scoped by the token's subject: a user, or a client's service account. */
    static String scoped(Caller caller, String key) {
        return caller.subject() + ":" + key;
    }
}
