package dev.chezhu.telematics.domain;

import java.util.List;

/**
 * One batch a head unit appends, as received. {@code batchPresent} is false when the request had no
 * batch at all (then the other batch fields are defaults).
 */
public record AppendCommand(String vehicle, boolean batchPresent, String sessionId, long sequence,
        List<RawDatapoint> datapoints) {
}
