package dev.chezhu.telematics.domain;

import java.util.List;

/** One page of a signal's history: raw readings or buckets, and the token of the next page ("" at the end). */
public record HistoryPage(String vin, String signal, List<SignalReading> datapoints, List<SignalAggregate> aggregates,
        String nextPageToken) {
}
