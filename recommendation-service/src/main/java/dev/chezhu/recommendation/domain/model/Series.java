package dev.chezhu.recommendation.domain.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Near-duplicates: episodes and chapters of one series ({@code silk-road-travelogue-ep01},
 * {@code -ep02}) or numbered lessons ({@code commuter-english-01}) share a series key, and a list
 * should not be filled with one series.
 */
public final class Series {

    private static final Pattern NUMBERED = Pattern.compile("-(ep|ch|part|lesson|vol)?\\d+$");

    /** Item IDs are few (a catalogue) and hot (every ranking): remember each one's series. */
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

    private Series() {
    }

    public static String of(String itemId) {
        String key = KEYS.get(itemId);
        if (key == null) {
            key = NUMBERED.matcher(itemId).replaceFirst("");
            if (KEYS.size() < 1_000_000) {
                KEYS.put(itemId, key);
            }
        }
        return key;
    }
}
