package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.IdentityMapper.PERSONS;
import static dev.chezhu.identity.grpc.IdentityMapper.timestamp;
import static dev.chezhu.identity.grpc.IdentityMapper.toInstant;

import dev.chezhu.identity.domain.Consent;
import dev.chezhu.identity.domain.Consents;
import dev.chezhu.identity.v1.CheckConsentResponse;
import dev.chezhu.identity.v1.ConsentChannel;
import dev.chezhu.identity.v1.ConsentDecisionReason;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.ConsentRecord;
import dev.chezhu.identity.v1.ConsentState;
import dev.chezhu.identity.v1.ConsentStatus;
import dev.chezhu.identity.v1.ListConsentsResponse;
import dev.chezhu.identity.v1.RecordConsentRequest;
import dev.chezhu.identity.v1.RecordConsentResponse;

/** Consent wire types ↔ domain types. */
final class ConsentMapper {

    private ConsentMapper() {
    }

    static Consent.RecordCommand toCommand(String personId, RecordConsentRequest request) {
        return new Consent.RecordCommand(request.getRequestId(), personId, toDomain(request.getPurpose()),
                toDomain(request.getChannel()), toDomain(request.getState()), request.getSource(),
                request.hasRecordTime() ? toInstant(request.getRecordTime()) : null,
                request.hasExpireTime() ? toInstant(request.getExpireTime()) : null);
    }

    static Consent.Purpose toDomain(ConsentPurpose purpose) {
        return switch (purpose) {
            case CONSENT_PURPOSE_MARKETING -> Consent.Purpose.MARKETING;
            case CONSENT_PURPOSE_TELEMETRY_COLLECTION -> Consent.Purpose.TELEMETRY_COLLECTION;
            case CONSENT_PURPOSE_PERSONALISATION -> Consent.Purpose.PERSONALISATION;
            case CONSENT_PURPOSE_THIRD_PARTY_SHARING -> Consent.Purpose.THIRD_PARTY_SHARING;
            case CONSENT_PURPOSE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static Consent.Channel toDomain(ConsentChannel channel) {
        return switch (channel) {
            case CONSENT_CHANNEL_UNSPECIFIED -> Consent.Channel.ALL;
            case CONSENT_CHANNEL_SMS -> Consent.Channel.SMS;
            case CONSENT_CHANNEL_EMAIL -> Consent.Channel.EMAIL;
            case CONSENT_CHANNEL_PHONE_CALL -> Consent.Channel.PHONE_CALL;
            case CONSENT_CHANNEL_WECHAT -> Consent.Channel.WECHAT;
            case CONSENT_CHANNEL_APP_PUSH -> Consent.Channel.APP_PUSH;
            case CONSENT_CHANNEL_IN_CAR -> Consent.Channel.IN_CAR;
            case UNRECOGNIZED -> null;
        };
    }

    static Consent.State toDomain(ConsentState state) {
        return switch (state) {
            case CONSENT_STATE_GRANTED -> Consent.State.GRANTED;
            case CONSENT_STATE_DENIED -> Consent.State.DENIED;
            case CONSENT_STATE_REVOKED -> Consent.State.REVOKED;
            case CONSENT_STATE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static ConsentPurpose toWire(Consent.Purpose purpose) {
        return ConsentPurpose.valueOf("CONSENT_PURPOSE_" + purpose.name());
    }

    static ConsentChannel toWire(Consent.Channel channel) {
        return channel == Consent.Channel.ALL ? ConsentChannel.CONSENT_CHANNEL_UNSPECIFIED
                : ConsentChannel.valueOf("CONSENT_CHANNEL_" + channel.name());
    }

    static ConsentState toWire(Consent.State state) {
        return state == null ? ConsentState.CONSENT_STATE_UNSPECIFIED : ConsentState.valueOf("CONSENT_STATE_" + state.name());
    }

    static ConsentDecisionReason toWire(Consent.DecisionReason reason) {
        return ConsentDecisionReason.valueOf("CONSENT_DECISION_REASON_" + reason.name());
    }

    static ConsentRecord toWire(Consent.Record record) {
        ConsentRecord.Builder wire = ConsentRecord.newBuilder().setPerson(PERSONS + record.personId())
                .setPurpose(toWire(record.purpose())).setChannel(toWire(record.channel())).setState(toWire(record.state()))
                .setSource(record.source()).setRecordTime(timestamp(record.recordedAt())).setRecordedBy(record.recordedBy());
        if (record.expiresAt() != null) {
            wire.setExpireTime(timestamp(record.expiresAt()));
        }
        return wire.build();
    }

    static RecordConsentResponse toResponse(Consents.RecordResult result) {
        return RecordConsentResponse.newBuilder().setRecord(toWire(result.record())).setReplayed(result.replayed()).build();
    }

    static CheckConsentResponse toResponse(Consent.Decision decision) {
        CheckConsentResponse.Builder wire = CheckConsentResponse.newBuilder().setGranted(decision.granted())
                .setState(toWire(decision.state())).setReason(toWire(decision.reason()))
                .setDecidedChannel(toWire(decision.decidedChannel()));
        if (decision.expiresAt() != null) {
            wire.setExpireTime(timestamp(decision.expiresAt()));
        }
        if (decision.personId() != null) {
            wire.setPerson(PERSONS + decision.personId());
        }
        if (decision.recordedAt() != null) {
            wire.setRecordTime(timestamp(decision.recordedAt()));
        }
        return wire.build();
    }

    static ListConsentsResponse toResponse(Consents.Listing listing) {
        ListConsentsResponse.Builder wire = ListConsentsResponse.newBuilder().setNextPageToken(listing.nextPageToken());
        for (Consent.Status status : listing.current()) {
            Consent.Decision d = status.decision();
            ConsentStatus.Builder s = ConsentStatus.newBuilder().setPurpose(toWire(status.purpose()))
                    .setChannel(toWire(status.channel())).setGranted(d.granted()).setState(toWire(d.state()))
                    .setReason(toWire(d.reason())).setSource(status.source());
            if (d.recordedAt() != null) {
                s.setRecordTime(timestamp(d.recordedAt()));
            }
            if (d.expiresAt() != null) {
                s.setExpireTime(timestamp(d.expiresAt()));
            }
            wire.addCurrent(s);
        }
        listing.history().forEach(r -> wire.addHistory(toWire(r)));
        return wire.build();
    }
}
