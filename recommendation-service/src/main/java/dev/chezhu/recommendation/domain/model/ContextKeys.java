package dev.chezhu.recommendation.domain.model;

import dev.chezhu.recommendation.domain.AudioKind;
import dev.chezhu.recommendation.domain.ListeningContext;

/**
 * The coarse contexts preferences are learned for: where (car, home, mobile) and when (day part).
 * A context cell is a context class and an item kind, e.g. {@code car|LANGUAGE_COURSE}: the model
 * learns how often plays in that cell end well, globally and per listener.
 */
public final class ContextKeys {

    public static final String ANY = "any";

    private ContextKeys() {
    }

    /** car (in the car, or any driving state), home, mobile, or any. */
    public static String place(ListeningContext context) {
        if (context.place() == ListeningContext.Place.IN_CAR
                || (context.place() == ListeningContext.Place.UNSPECIFIED
                        && context.drivingState() != ListeningContext.DrivingState.UNSPECIFIED)) {
            return "car";
        }
        return switch (context.place()) {
            case AT_HOME -> "home";
            case MOBILE -> "mobile";
            default -> ANY;
        };
    }

    /** The day part in lower case, or any. */
    public static String dayPart(ListeningContext context) {
        return context.dayPart() == ListeningContext.DayPart.UNSPECIFIED ? ANY
                : context.dayPart().name().toLowerCase(java.util.Locale.ROOT);
    }

    public static String placeCell(String place, AudioKind kind) {
        return "p:" + place + '|' + kind.name();
    }

    public static String dayPartCell(String dayPart, AudioKind kind) {
        return "d:" + dayPart + '|' + kind.name();
    }

    /** Driving to or from work: in the car in the morning or the evening. */
    public static boolean commute(ListeningContext context) {
        return place(context).equals("car") && (context.dayPart() == ListeningContext.DayPart.MORNING
                || context.dayPart() == ListeningContext.DayPart.EVENING);
    }
}
