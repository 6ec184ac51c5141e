package dev.chezhu.identity.events;

import java.time.Instant;
import java.util.List;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import dev.chezhu.identity.domain.Consent;
import dev.chezhu.identity.domain.IdentityEvent;
import dev.chezhu.identity.domain.Lifecycle;
import dev.chezhu.identity.v1.ConsentChannel;
import dev.chezhu.identity.v1.ConsentChanged;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.ConsentState;
import dev.chezhu.identity.v1.IdentifierQuarantined;
import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.LeadCreated;
import dev.chezhu.identity.v1.LeadNotContacted;
import dev.chezhu.identity.v1.LifecycleChanged;
import dev.chezhu.identity.v1.LifecycleReason;
import dev.chezhu.identity.v1.LifecycleStage;
import dev.chezhu.identity.v1.PersonErased;
import dev.chezhu.identity.v1.PersonMerged;
import dev.chezhu.identity.v1.PersonUnmerged;

/** Domain events → the chezhu.identity.v1 event messages other services consume. */
final class EventMessages {

    private EventMessages() {
    }

    static Message toProto(IdentityEvent event) {
        if (event instanceof IdentityEvent.PersonMerged e) {
            return PersonMerged.newBuilder().setSurvivorPersonId(e.survivorId()).addAllMergedPersonIds(e.mergedIds())
                    .setRequestId(e.requestId()).setMergeTime(ts(e.at())).build();
        }
        if (event instanceof IdentityEvent.PersonUnmerged e) {
            return PersonUnmerged.newBuilder().setPersonId(e.personId()).setFormerSurvivorPersonId(e.formerSurvivorId())
                    .addAllRestoredPersonIds(e.restoredIds()).setRequestId(e.requestId()).setUnmergeTime(ts(e.at()))
                    .build();
        }
        if (event instanceof IdentityEvent.PersonErased e) {
            return PersonErased.newBuilder().setPersonId(e.personId()).addAllErasedPersonIds(e.erasedIds())
                    .setEraseTime(ts(e.at())).build();
        }
        if (event instanceof IdentityEvent.ConsentChanged e) {
            ConsentChanged.Builder b = ConsentChanged.newBuilder().setPersonId(e.personId())
                    .setPurpose(purpose(e.purpose())).setChannel(channel(e.channel())).setState(state(e.state()))
                    .setPreviousState(state(e.previousState())).setSource(e.source()).setRecordTime(ts(e.recordedAt()));
            if (e.expiresAt() != null) {
                b.setExpireTime(ts(e.expiresAt()));
            }
            return b.build();
        }
        if (event instanceof IdentityEvent.LifecycleChanged e) {
            return LifecycleChanged.newBuilder().setPersonId(e.personId()).setPreviousStage(stage(e.previousStage()))
                    .setStage(stage(e.stage())).setPreviousAdvocate(e.previousAdvocate()).setAdvocate(e.advocate())
                    .addAllReasons(reasons(e.reasons())).setChangeTime(ts(e.at())).build();
        }
        if (event instanceof IdentityEvent.LeadCreated e) {
            return LeadCreated.newBuilder().setLeadId(e.leadId()).setPersonId(e.personId()).setDealerId(e.dealerId())
                    .setCreateTime(ts(e.createdAt())).setContactDueTime(ts(e.contactDueAt())).build();
        }
        if (event instanceof IdentityEvent.LeadNotContacted e) {
            return LeadNotContacted.newBuilder().setLeadId(e.leadId()).setPersonId(e.personId())
                    .setDealerId(e.dealerId()).setCreateTime(ts(e.createdAt())).setContactDueTime(ts(e.contactDueAt()))
                    .build();
        }
        if (event instanceof IdentityEvent.IdentifierQuarantined e) {
            return IdentifierQuarantined.newBuilder()
                    .setType(IdentifierType.valueOf("IDENTIFIER_TYPE_" + e.kind().name())).setScope(e.scope())
                    .setOwnerPersonId(e.ownerPersonId()).setDistinctPersons(e.distinctPersons())
                    .setQuarantineTime(ts(e.at())).build();
        }
        throw new IllegalArgumentException("unknown event " + event.getClass().getSimpleName());
    }

    static List<LifecycleReason> reasons(List<Lifecycle.Reason> reasons) {
        return reasons.stream().map(r -> LifecycleReason.newBuilder().setCode(r.code()).setDescription(r.description())
                .build()).toList();
    }

    static LifecycleStage stage(Lifecycle.Stage stage) {
        return LifecycleStage.valueOf("LIFECYCLE_STAGE_" + stage.name());
    }

    static ConsentPurpose purpose(Consent.Purpose purpose) {
        return ConsentPurpose.valueOf("CONSENT_PURPOSE_" + purpose.name());
    }

    static ConsentChannel channel(Consent.Channel channel) {
        return channel == Consent.Channel.ALL ? ConsentChannel.CONSENT_CHANNEL_UNSPECIFIED
                : ConsentChannel.valueOf("CONSENT_CHANNEL_" + channel.name());
    }

    static ConsentState state(Consent.State state) {
        return state == null ? ConsentState.CONSENT_STATE_UNSPECIFIED : ConsentState.valueOf("CONSENT_STATE_" + state.name());
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
