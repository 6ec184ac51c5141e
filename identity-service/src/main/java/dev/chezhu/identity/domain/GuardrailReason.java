package dev.chezhu.identity.domain;

/** Why a guardrail kept an identifier or a merge out of a resolution. */
public enum GuardrailReason {
    /** A junk value (test number, repeated digits, "null", "anonymous", ...). */
    BLOCKED_VALUE,
    /** Attaching or merging would exceed a per-person limit of identifiers of one type. */
    LIMIT_EXCEEDED,
    /** A shared identifier, no longer used for matching. */
    QUARANTINED,
    /** It belongs to a person this observation was not merged with. */
    BELONGS_TO_OTHER_PERSON,
    /** The persons were split by an unmerge. */
    DO_NOT_MERGE
}
