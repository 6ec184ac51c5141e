package dev.chezhu.identity.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.chezhu.identity.domain.Consent.Channel;
import dev.chezhu.identity.domain.Consent.Decision;
import dev.chezhu.identity.domain.Consent.DecisionReason;
import dev.chezhu.identity.domain.Consent.Entry;
import dev.chezhu.identity.domain.Consent.Purpose;
import dev.chezhu.identity.domain.Consent.State;

/**
 * Decides whether a purpose is granted from a person's latest records. Pure logic.
 * <ul>
 * <li>No record means not granted, for every purpose (NO_RECORD).</li>
 * <li>A record for the asked channel wins over the all-channels record, except that an all-channels
 * refusal (denied or revoked) made after it wins: "stop all marketing" stops every channel.</li>
 * <li>A grant past its expiry is not a grant (EXPIRED).</li>
 * <li>For a vehicle, the owners decide: any owner's refusal wins, else any owner's grant.</li>
 * </ul>
 */
public final class ConsentPolicy {

    private ConsentPolicy() {
    }

    public static String field(Purpose purpose, Channel channel) {
        return purpose.name() + '|' + channel.stored();
    }

    public static Decision decide(Map<String, Entry> latest, Purpose purpose, Channel channel, Instant now) {
        Entry all = latest.get(field(purpose, Channel.ALL));
        Entry specific = channel == Channel.ALL ? null : latest.get(field(purpose, channel));
        Entry deciding = specific;
        if (specific == null || (all != null && all.state().refusal() && all.recordedAt().isAfter(specific.recordedAt()))) {
            deciding = all;
        }
        if (deciding == null) {
            return Decision.none(DecisionReason.NO_RECORD);
        }
        return switch (deciding.state()) {
            case GRANTED -> deciding.expiresAt() != null && !now.isBefore(deciding.expiresAt())
                    ? decision(false, deciding, DecisionReason.EXPIRED)
                    : decision(true, deciding, DecisionReason.GRANTED);
            case DENIED -> decision(false, deciding, DecisionReason.DENIED);
            case REVOKED -> decision(false, deciding, DecisionReason.REVOKED);
        };
    }

    private static Decision decision(boolean granted, Entry entry, DecisionReason reason) {
        return new Decision(granted, entry.state(), reason, entry.expiresAt(), entry.channel(), entry.personId(),
                entry.recordedAt());
    }

    /** The owners' decisions (in owner order) combined: a refusal wins, then a grant. */
    public static Decision decideForVehicle(List<Decision> owners) {
        if (owners.isEmpty()) {
            return Decision.none(DecisionReason.NO_OWNER);
        }
        return owners.stream().filter(d -> d.state() != null && d.state().refusal()).findFirst()
                .or(() -> owners.stream().filter(Decision::granted).findFirst())
                .orElse(owners.get(0));
    }

    /** The effective consent of every purpose (all channels) and of every channel with a record. */
    public static List<Consent.Status> current(Map<String, Entry> latest, Instant now) {
        List<Consent.Status> statuses = new ArrayList<>();
        for (Purpose purpose : Purpose.values()) {
            Entry all = latest.get(field(purpose, Channel.ALL));
            statuses.add(new Consent.Status(purpose, Channel.ALL, decide(latest, purpose, Channel.ALL, now),
                    all == null ? "" : all.source()));
            latest.values().stream().filter(e -> e.purpose() == purpose && e.channel() != Channel.ALL)
                    .sorted(Comparator.comparing(Entry::channel))
                    .forEach(e -> statuses.add(new Consent.Status(purpose, e.channel(),
                            decide(latest, purpose, e.channel(), now), e.source())));
        }
        return statuses;
    }

    /** The state a new record changes from (for ConsentChanged.previous_state). */
    public static State previous(Map<String, Entry> latest, Purpose purpose, Channel channel) {
        Entry entry = latest.get(field(purpose, channel));
        return entry == null ? null : entry.state();
    }
}
