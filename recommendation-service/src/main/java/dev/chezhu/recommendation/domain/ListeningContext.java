package dev.chezhu.recommendation.domain;

/** Where and how the listener is; every part may be UNSPECIFIED. */
public record ListeningContext(Place place, DayPart dayPart, DrivingState drivingState) {

    public static final ListeningContext UNSPECIFIED = new ListeningContext(Place.UNSPECIFIED, DayPart.UNSPECIFIED,
            DrivingState.UNSPECIFIED);

    public enum Place {
        UNSPECIFIED, IN_CAR, AT_HOME, MOBILE
    }

    public enum DayPart {
        UNSPECIFIED, MORNING, MIDDAY, EVENING, NIGHT
    }

    public enum DrivingState {
        UNSPECIFIED, PARKED, CITY, HIGHWAY
    }
}
