package dev.chezhu.platform.error;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a request before refusing it, so a caller can fix them in one go. */
public final class Violations {

    private final List<FieldViolation> found = new ArrayList<>();

    public Violations require(boolean condition, String field, String description) {
        if (!condition) {
            found.add(new FieldViolation(field, description));
        }
        return this;
    }

    public Violations add(String field, String description) {
        found.add(new FieldViolation(field, description));
        return this;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<FieldViolation> list() {
        return List.copyOf(found);
    }

    /** Throws INVALID_ARGUMENT with every violation found, if there is any. */
    public void throwIfAny(String reason) {
        if (!found.isEmpty()) {
            throw ServiceException.invalidArgument(reason, found);
        }
    }
}
