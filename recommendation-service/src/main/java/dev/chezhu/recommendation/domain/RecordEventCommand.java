package dev.chezhu.recommendation.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A listening event as the client sent it, before validation. Enum fields are null when the client
 * sent a number this service does not know; {@code listened} and {@code eventTime} are null when
 * absent; {@code hasEvent} is false when the request carried no event at all.
 */
public record RecordEventCommand(String requestId, boolean hasEvent, String person, String vehicle, String item,
        EventType type, Duration listened, ListeningContext.Place place, ListeningContext.DayPart dayPart,
        ListeningContext.DrivingState drivingState, Instant eventTime) {
}
