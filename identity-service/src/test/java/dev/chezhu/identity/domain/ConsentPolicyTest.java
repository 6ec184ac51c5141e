package dev.chezhu.identity.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.domain.Consent.Channel;
import dev.chezhu.identity.domain.Consent.Decision;
import dev.chezhu.identity.domain.Consent.DecisionReason;
import dev.chezhu.identity.domain.Consent.Entry;
import dev.chezhu.identity.domain.Consent.Purpose;
import dev.chezhu.identity.domain.Consent.State;

class ConsentPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private static Map<String, Entry> latest(Entry... entries) {
        Map<String, Entry> map = new HashMap<>();
        for (Entry e : entries) {
            map.put(ConsentPolicy.field(e.purpose(), e.channel()), e);
        }
        return map;
    }

    private static Entry entry(Channel channel, State state, long minutesAgo, Instant expires) {
        return new Entry("p", Purpose.MARKETING, channel, state, "app", NOW.minusSeconds(minutesAgo * 60), expires);
    }

    @Test
    void nothingRecordedIsNotGranted() {
        for (Purpose purpose : Purpose.values()) {
            Decision d = ConsentPolicy.decide(Map.of(), purpose, Channel.ALL, NOW);
            assertFalse(d.granted());
            assertEquals(DecisionReason.NO_RECORD, d.reason());
        }
    }

    @Test
    void theChannelRecordWinsUnlessALaterAllChannelsRefusal() {
        Map<String, Entry> grantAllDenySms = latest(entry(Channel.ALL, State.GRANTED, 10, null),
                entry(Channel.SMS, State.DENIED, 20, null));
        assertEquals(DecisionReason.DENIED, ConsentPolicy.decide(grantAllDenySms, Purpose.MARKETING, Channel.SMS, NOW).reason(),
                "a later all-channels grant does not override a channel refusal");
        assertTrue(ConsentPolicy.decide(grantAllDenySms, Purpose.MARKETING, Channel.EMAIL, NOW).granted());

        Map<String, Entry> grantSmsRevokeAll = latest(entry(Channel.ALL, State.REVOKED, 5, null),
                entry(Channel.SMS, State.GRANTED, 20, null));
        assertEquals(DecisionReason.REVOKED, ConsentPolicy.decide(grantSmsRevokeAll, Purpose.MARKETING, Channel.SMS, NOW)
                .reason());

        Map<String, Entry> revokeAllThenGrantSms = latest(entry(Channel.ALL, State.REVOKED, 20, null),
                entry(Channel.SMS, State.GRANTED, 5, null));
        assertTrue(ConsentPolicy.decide(revokeAllThenGrantSms, Purpose.MARKETING, Channel.SMS, NOW).granted());
    }

    @Test
    void anExpiredGrantIsNotAGrant() {
        Decision d = ConsentPolicy.decide(latest(entry(Channel.ALL, State.GRANTED, 60, NOW)), Purpose.MARKETING,
                Channel.ALL, NOW);
        assertFalse(d.granted());
        assertEquals(DecisionReason.EXPIRED, d.reason());
        assertTrue(ConsentPolicy.decide(latest(entry(Channel.ALL, State.GRANTED, 60, NOW.plusSeconds(1))),
                Purpose.MARKETING, Channel.ALL, NOW).granted());
    }

    @Test
    void forAVehicleAnOwnersRefusalWinsThenAGrant() {
        Decision none = ConsentPolicy.decide(Map.of(), Purpose.TELEMETRY_COLLECTION, Channel.ALL, NOW);
        Decision grant = ConsentPolicy.decide(latest(entry(Channel.ALL, State.GRANTED, 1, null)), Purpose.MARKETING,
                Channel.ALL, NOW);
        Decision deny = ConsentPolicy.decide(latest(entry(Channel.ALL, State.DENIED, 1, null)), Purpose.MARKETING,
                Channel.ALL, NOW);
        assertEquals(DecisionReason.NO_OWNER, ConsentPolicy.decideForVehicle(List.of()).reason());
        assertTrue(ConsentPolicy.decideForVehicle(List.of(none, grant)).granted());
        assertEquals(DecisionReason.DENIED, ConsentPolicy.decideForVehicle(List.of(grant, deny)).reason());
        assertEquals(DecisionReason.NO_RECORD, ConsentPolicy.decideForVehicle(List.of(none)).reason());
    }
}
