package dev.chezhu.identity.domain;

import java.time.Instant;

/** A prospect's request for contact, assigned to one dealer. */
public record Lead(String id, String personId, String dealerId, Assignment assignment, String source,
        String vehicleModel, Instant createdAt, Instant contactDueAt, Instant firstContactAt,
        ContactChannel firstContactChannel, int contactCount, Instant overdueAt) {

    public enum Assignment {
        REQUESTED, PREVIOUS_DEALER, DEFAULT_DEALER
    }

    public enum State {
        OPEN, CONTACTED, OVERDUE
    }

    public enum ContactChannel {
        PHONE_CALL, SMS, WECHAT, EMAIL, IN_STORE
    }

    /** Contacted once contacted; overdue once the window passed without contact (even before the sweep). */
    public State state(Instant now) {
        if (firstContactAt != null) {
            return State.CONTACTED;
        }
        return overdueAt != null || !now.isBefore(contactDueAt) ? State.OVERDUE : State.OPEN;
    }

    /** A lead to create, as received. */
    public record CreateCommand(String requestId, String personId, String dealerId, String source, String vehicleModel) {
    }

    /** A contact to record, as received. */
    public record ContactCommand(String requestId, String leadId, Instant contactedAt, ContactChannel channel) {
    }
}
