package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * First in, first out over lots: the lot that expires first is consumed first, then the older one;
 * lots that never expire go last.
 */
public final class FifoLots {

    /** The spendable remainder of one lot. */
    public record Lot(UUID lotId, long remaining, Instant expiresAt, Instant createdAt) {
    }

    /** Points taken from one lot. */
    public record Take(UUID lotId, long points) {
    }

    public static final Comparator<Lot> ORDER = Comparator
            .comparing(Lot::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Lot::createdAt)
            .thenComparing(Lot::lotId);

    private FifoLots() {
    }

    /** Takes {@code points} from the lots in FIFO order; takes everything when they hold less. */
    public static List<Take> take(List<Lot> lots, long points) {
        List<Lot> ordered = lots.stream().filter(l -> l.remaining() > 0).sorted(ORDER).toList();
        List<Take> takes = new ArrayList<>();
        long left = points;
        for (Lot lot : ordered) {
            if (left <= 0) {
                break;
            }
            long take = Math.min(left, lot.remaining());
            takes.add(new Take(lot.lotId(), take));
            left -= take;
        }
        return takes;
    }
}
