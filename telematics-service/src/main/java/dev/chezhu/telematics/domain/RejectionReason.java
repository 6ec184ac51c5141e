package dev.chezhu.telematics.domain;

/** Why one datapoint of a batch was not stored; the name is the UPPER_SNAKE reason on the wire. */
public enum RejectionReason {
    /** The signal is not in the catalogue. */
    UNKNOWN_SIGNAL,
    /** No value was set. */
    MISSING_VALUE,
    /** The value is not of the signal's datatype. */
    WRONG_TYPE,
    /** NaN or infinite. */
    NOT_FINITE,
    /** Outside the signal's min/max or its datatype's range. */
    OUT_OF_RANGE,
    /** A string not among the signal's allowed values. */
    NOT_ALLOWED_VALUE,
    /** A string or an array longer than the service keeps. */
    TOO_LONG,
    /** No observe_time. */
    MISSING_OBSERVE_TIME,
    /** An observe_time that is not a valid timestamp or lies before the year 2000 (clock not set). */
    INVALID_OBSERVE_TIME,
    /** An observe_time more than the allowed clock skew ahead of the service's clock. */
    OBSERVE_TIME_IN_FUTURE
}
