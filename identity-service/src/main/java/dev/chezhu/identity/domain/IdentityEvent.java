package dev.chezhu.identity.domain;

import java.time.Instant;
import java.util.List;

/** What identity-service tells the other services, as domain facts (IDs only, no personal data). */
public sealed interface IdentityEvent {

    /** The person ID the event concerns: consumers see one person's events in order. */
    String subject();

    record PersonMerged(String survivorId, List<String> mergedIds, String requestId, Instant at) implements IdentityEvent {
        public String subject() {
            return survivorId;
        }
    }

    record PersonUnmerged(String personId, String formerSurvivorId, List<String> restoredIds, String requestId,
            Instant at) implements IdentityEvent {
        public String subject() {
            return personId;
        }
    }

    record PersonErased(String personId, List<String> erasedIds, Instant at) implements IdentityEvent {
        public String subject() {
            return personId;
        }
    }

    record ConsentChanged(String personId, Consent.Purpose purpose, Consent.Channel channel, Consent.State state,
            Consent.State previousState, String source, Instant recordedAt, Instant expiresAt) implements IdentityEvent {
        public String subject() {
            return personId;
        }
    }

    record LifecycleChanged(String personId, Lifecycle.Stage previousStage, Lifecycle.Stage stage,
            boolean previousAdvocate, boolean advocate, List<Lifecycle.Reason> reasons, Instant at)
            implements IdentityEvent {
        public String subject() {
            return personId;
        }
    }

    record LeadCreated(String leadId, String personId, String dealerId, Instant createdAt, Instant contactDueAt)
            implements IdentityEvent {
        public String subject() {
            return personId;
        }
    }

    record LeadNotContacted(String leadId, String personId, String dealerId, Instant createdAt, Instant contactDueAt)
            implements IdentityEvent {
        public String subject() {
            return personId;
        }
    }

    record IdentifierQuarantined(IdentifierKind kind, String scope, String ownerPersonId, int distinctPersons,
            Instant at) implements IdentityEvent {
        public String subject() {
            return ownerPersonId;
        }
    }
}
