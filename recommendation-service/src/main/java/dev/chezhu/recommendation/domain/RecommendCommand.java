package dev.chezhu.recommendation.domain;

/** A recommendation request as the client sent it; enum fields are null when unknown numbers. */
public record RecommendCommand(String person, String vehicle, ListeningContext.Place place,
        ListeningContext.DayPart dayPart, ListeningContext.DrivingState drivingState, int count) {
}
