package dev.chezhu.identity.domain;

import java.time.Instant;

/** Consent vocabulary: what a consent is for, on which channel, and what a check answers. */
public final class Consent {

    private Consent() {
    }

    public enum Purpose {
        MARKETING, TELEMETRY_COLLECTION, PERSONALISATION, THIRD_PARTY_SHARING;

        /** Only marketing reaches a person through a channel. */
        public boolean hasChannels() {
            return this == MARKETING;
        }
    }

    /** {@code ALL} is the every-channel record (stored as ''). */
    public enum Channel {
        ALL, SMS, EMAIL, PHONE_CALL, WECHAT, APP_PUSH, IN_CAR;

        public String stored() {
            return this == ALL ? "" : name();
        }

        public static Channel ofStored(String stored) {
            return stored == null || stored.isEmpty() ? ALL : valueOf(stored);
        }
    }

    public enum State {
        GRANTED, DENIED, REVOKED;

        public boolean refusal() {
            return this != GRANTED;
        }
    }

    public enum DecisionReason {
        GRANTED, NO_RECORD, DENIED, REVOKED, EXPIRED, NO_OWNER
    }

    /** The latest record for one purpose and channel of a person's cluster. */
    public record Entry(String personId, Purpose purpose, Channel channel, State state, String source,
            Instant recordedAt, Instant expiresAt) {
    }

    /** One stored consent record (history). */
    public record Record(long id, String personId, Purpose purpose, Channel channel, State state, String source,
            Instant recordedAt, Instant expiresAt, String recordedBy) {
    }

    /** What a check answers; {@code state}, {@code personId}, times are null when nothing decided. */
    public record Decision(boolean granted, State state, DecisionReason reason, Instant expiresAt, Channel decidedChannel,
            String personId, Instant recordedAt) {

        static Decision none(DecisionReason reason) {
            return new Decision(false, null, reason, null, Channel.ALL, null, null);
        }
    }

    /** A consent to record, as received. */
    public record RecordCommand(String requestId, String personId, Purpose purpose, Channel channel, State state,
            String source, Instant recordedAt, Instant expiresAt) {
    }

    /** The effective consent for one purpose and channel, for listings. */
    public record Status(Purpose purpose, Channel channel, Decision decision, String source) {
    }
}
