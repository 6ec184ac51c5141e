package dev.chezhu.identity.domain;

/**
 * A person read at the start of a transaction was merged, unmerged or erased by a concurrent one
 * before its row could be locked: the transaction is rolled back and run again.
 */
public final class StaleClusterException extends RuntimeException {

    public StaleClusterException(String message) {
        super(message, null, false, false);
    }
}
