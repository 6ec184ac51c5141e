package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.IdentityMapper.PERSONS;
import static dev.chezhu.identity.grpc.IdentityMapper.timestamp;

import java.time.Instant;

import dev.chezhu.identity.domain.Lead;
import dev.chezhu.identity.domain.Lifecycle;
import dev.chezhu.identity.v1.ActivityKind;
import dev.chezhu.identity.v1.ContactChannel;
import dev.chezhu.identity.v1.LeadAssignment;
import dev.chezhu.identity.v1.LeadState;
import dev.chezhu.identity.v1.LifecycleReason;
import dev.chezhu.identity.v1.LifecycleStage;
import dev.chezhu.identity.v1.PersonActivity;

/** Lead, activity and lifecycle wire types ↔ domain types. */
final class LeadMapper {

    static final String LEADS = "leads/";
    static final String LIFECYCLE = "/lifecycle";

    private LeadMapper() {
    }

    static Lead.ContactChannel toDomain(ContactChannel channel) {
        return switch (channel) {
            case CONTACT_CHANNEL_PHONE_CALL -> Lead.ContactChannel.PHONE_CALL;
            case CONTACT_CHANNEL_SMS -> Lead.ContactChannel.SMS;
            case CONTACT_CHANNEL_WECHAT -> Lead.ContactChannel.WECHAT;
            case CONTACT_CHANNEL_EMAIL -> Lead.ContactChannel.EMAIL;
            case CONTACT_CHANNEL_IN_STORE -> Lead.ContactChannel.IN_STORE;
            case CONTACT_CHANNEL_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static Lead.State toDomain(LeadState state) {
        return switch (state) {
            case LEAD_STATE_OPEN -> Lead.State.OPEN;
            case LEAD_STATE_CONTACTED -> Lead.State.CONTACTED;
            case LEAD_STATE_OVERDUE -> Lead.State.OVERDUE;
            case LEAD_STATE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static Lifecycle.ActivityKind toDomain(ActivityKind kind) {
        return switch (kind) {
            case ACTIVITY_KIND_SERVICE_VISIT -> Lifecycle.ActivityKind.SERVICE_VISIT;
            case ACTIVITY_KIND_VEHICLE_PURCHASE -> Lifecycle.ActivityKind.VEHICLE_PURCHASE;
            case ACTIVITY_KIND_PARTS_PURCHASE -> Lifecycle.ActivityKind.PARTS_PURCHASE;
            case ACTIVITY_KIND_CONTENT_SHARE -> Lifecycle.ActivityKind.CONTENT_SHARE;
            case ACTIVITY_KIND_REFERRAL -> Lifecycle.ActivityKind.REFERRAL;
            case ACTIVITY_KIND_COUPON_REDEMPTION -> Lifecycle.ActivityKind.COUPON_REDEMPTION;
            case ACTIVITY_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static dev.chezhu.identity.v1.Lead toWire(Lead lead, Instant now) {
        dev.chezhu.identity.v1.Lead.Builder wire = dev.chezhu.identity.v1.Lead.newBuilder()
                .setName(LEADS + lead.id()).setLeadId(lead.id()).setPerson(PERSONS + lead.personId())
                .setDealerId(lead.dealerId()).setAssignment(LeadAssignment.valueOf("LEAD_ASSIGNMENT_" + lead.assignment().name()))
                .setSource(lead.source()).setState(LeadState.valueOf("LEAD_STATE_" + lead.state(now).name()))
                .setCreateTime(timestamp(lead.createdAt())).setContactDueTime(timestamp(lead.contactDueAt()))
                .setContactCount(lead.contactCount());
        if (lead.vehicleModel() != null) {
            wire.setVehicleModel(lead.vehicleModel());
        }
        if (lead.firstContactAt() != null) {
            wire.setFirstContactTime(timestamp(lead.firstContactAt()))
                    .setFirstContactChannel(ContactChannel.valueOf("CONTACT_CHANNEL_" + lead.firstContactChannel().name()));
        }
        if (lead.overdueAt() != null) {
            wire.setOverdueTime(timestamp(lead.overdueAt()));
        }
        return wire.build();
    }

    static dev.chezhu.identity.v1.Lifecycle toWire(Lifecycle.View view) {
        dev.chezhu.identity.v1.Lifecycle.Builder wire = dev.chezhu.identity.v1.Lifecycle.newBuilder()
                .setName(PERSONS + view.personId() + LIFECYCLE)
                .setStage(LifecycleStage.valueOf("LIFECYCLE_STAGE_" + view.stage().name()))
                .setAdvocate(view.advocate()).setComputeTime(timestamp(view.computedAt()));
        view.reasons().forEach(r -> wire.addReasons(LifecycleReason.newBuilder().setCode(r.code())
                .setDescription(r.description())));
        if (view.lastVisit() != null) {
            wire.setLastVisitTime(timestamp(view.lastVisit()));
        }
        return wire.build();
    }

    static PersonActivity toWire(Lifecycle.Activity activity) {
        PersonActivity.Builder wire = PersonActivity.newBuilder()
                .setKind(ActivityKind.valueOf("ACTIVITY_KIND_" + activity.kind().name()))
                .setOccurTime(timestamp(activity.occurredAt())).setSource(activity.source());
        if (activity.dealerId() != null) {
            wire.setDealerId(activity.dealerId());
        }
        if (activity.vin() != null) {
            wire.setVin(activity.vin());
        }
        return wire.build();
    }
}
