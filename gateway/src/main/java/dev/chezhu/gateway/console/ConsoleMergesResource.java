package dev.chezhu.gateway.console;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.google.protobuf.Timestamp;

import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.security.DataGuards;
import dev.chezhu.identity.v1.ListMergeRecordsRequest;
import dev.chezhu.identity.v1.MergeRecord;
import dev.chezhu.platform.auth.Roles;
import io.smallrye.mutiny.Uni;

/**
 * A person's merge history for the console's 360 page, until the partner API has one: the same
 * dealer rule as every /v1 person read (a dealer sees only its own dealer's customers).
 */
@Path("/console/api/persons/{personId}/merges")
@Tag(name = "console")
@RolesAllowed({ Roles.DEALER, Roles.PLATFORM_ADMIN })
public class ConsoleMergesResource {

    public record MergeView(String survivorPersonId, String mergedPersonId, Instant mergeTime, Instant unmergeTime) {

        static MergeView from(MergeRecord m) {
            return new MergeView(m.getSurvivorPersonId(), m.getMergedPersonId(), instant(m.getMergeTime()),
                    m.hasUnmergeTime() ? instant(m.getUnmergeTime()) : null);
        }
    }

    public record MergesView(List<MergeView> merges) {
    }

    private final Backends backends;
    private final DataGuards guards;

    public ConsoleMergesResource(Backends backends, DataGuards guards) {
        this.backends = backends;
        this.guards = guards;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every merge and unmerge of a person's cluster, oldest first (console)")
    public Uni<MergesView> merges(@PathParam("personId") String personId) {
        return guards.personVisible(personId).chain(() -> backends.identity().listMergeRecords(
                ListMergeRecordsRequest.newBuilder().setParent("persons/" + personId).setPageSize(200).build()))
                .map(r -> new MergesView(r.getMergeRecordsList().stream().map(MergeView::from).toList()));
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
