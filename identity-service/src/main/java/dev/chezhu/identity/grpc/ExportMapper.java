package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.IdentityMapper.timestamp;

import dev.chezhu.identity.domain.Exports;
import dev.chezhu.identity.persistence.AdminStore;
import dev.chezhu.identity.v1.IdentityExport;
import dev.chezhu.identity.v1.MergeRecord;
import dev.chezhu.identity.v1.ReportedTrait;

/** identity-service's section of a person export. */
final class ExportMapper {

    private ExportMapper() {
    }

    static IdentityExport toWire(Exports.PersonExport export) {
        IdentityExport.Builder wire = IdentityExport.newBuilder()
                .setPerson(IdentityMapper.toWire(export.person()))
                .addAllPersonIds(export.personIds())
                .setLifecycle(LeadMapper.toWire(export.lifecycle()))
                .setObservationCount(export.observationCount());
        export.traits().forEach(t -> wire.addReportedTraits(ReportedTrait.newBuilder().setKey(t.key()).setValue(t.value())
                .setSource(t.source()).setObserveTime(timestamp(t.observedAt())).setOriginPersonId(t.originPersonId())));
        export.consents().forEach(c -> wire.addConsents(ConsentMapper.toWire(c)));
        export.merges().forEach(m -> wire.addMerges(toWire(m)));
        export.leads().forEach(l -> wire.addLeads(LeadMapper.toWire(l, export.exportedAt())));
        export.activities().forEach(a -> wire.addActivities(LeadMapper.toWire(a)));
        export.loyaltyTier().ifPresent(t -> wire.setLoyaltyTier(t.tier()).setLoyaltyTierChangeTime(timestamp(t.changedAt())));
        return wire.build();
    }

    static MergeRecord toWire(AdminStore.MergeRow m) {
        MergeRecord.Builder merge = MergeRecord.newBuilder().setSurvivorPersonId(m.survivorId())
                .setMergedPersonId(m.mergedId()).setMergeTime(timestamp(m.mergedAt()));
        if (m.undoneAt() != null) {
            merge.setUnmergeTime(timestamp(m.undoneAt()));
        }
        return merge.build();
    }
}
