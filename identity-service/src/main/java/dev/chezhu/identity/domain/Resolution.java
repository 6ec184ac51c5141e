package dev.chezhu.identity.domain;

import java.util.List;

/** What identity resolution did with an observation, and what the guardrails did to it. */
public record Resolution(PersonProfile person, Outcome outcome, boolean replayed, GuardrailReport guardrails,
        CacheEvictions evictions) {

    public Resolution(PersonProfile person, Outcome outcome, boolean replayed) {
        this(person, outcome, replayed, GuardrailReport.NONE, CacheEvictions.NONE);
    }

    public enum Outcome {
        /** No identifier matched: a new person. */
        CREATED,
        /** One person matched: the observation was attached. */
        ATTACHED,
        /** Several persons matched and were merged into the oldest. */
        MERGED
    }

    /** Identifiers not used, merges refused, identifiers put in quarantine (request positions, types, IDs). */
    public record GuardrailReport(List<Observation.Ignored> ignored, List<RefusedMerge> refusedMerges,
            List<Integer> quarantinedIndexes) {

        public static final GuardrailReport NONE = new GuardrailReport(List.of(), List.of(), List.of());

        public boolean isEmpty() {
            return ignored.isEmpty() && refusedMerges.isEmpty() && quarantinedIndexes.isEmpty();
        }
    }

    /** A person the observation pointed at and that was kept apart. */
    public record RefusedMerge(String personId, GuardrailReason reason, IdentifierKind limitedKind,
            List<Integer> identifierIndexes) {
    }
}
