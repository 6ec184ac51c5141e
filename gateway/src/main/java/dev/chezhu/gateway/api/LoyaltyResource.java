package dev.chezhu.gateway.api;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.idempotency.IdempotentRequests;
import dev.chezhu.gateway.security.DataGuards;
import dev.chezhu.gateway.security.PartnerAccess;
import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.CreditPointsRequest;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.loyalty.v1.LedgerEntry;
import dev.chezhu.loyalty.v1.ListLedgerEntriesRequest;
import dev.chezhu.platform.auth.Roles;
import io.smallrye.mutiny.Uni;

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "loyalty", description = "Points ledger and tiers")
public class LoyaltyResource {

    private final Backends backends;
    private final PartnerAccess access;
    private final DataGuards guards;
    private final IdempotentRequests idempotency;

    public LoyaltyResource(Backends backends, PartnerAccess access, DataGuards guards, IdempotentRequests idempotency) {
        this.backends = backends;
        this.access = access;
        this.guards = guards;
        this.idempotency = idempotency;
    }

    public record EntryView(String entryId, String kind, long points, String reason, String sourceReference,
            Instant createTime) {

        static EntryView from(LedgerEntry entry) {
            return new EntryView(entry.getEntryId(), Json.enumName(entry.getKind(), "LEDGER_ENTRY_KIND_"),
                    entry.getPoints(), entry.getReason(), entry.getSourceReference(), Json.instant(entry.getCreateTime()));
        }
    }

    public record AccountView(String name, String personId, long balance, long pending, String tier,
            List<EntryView> recentEntries) {

        static AccountView from(Account account) {
            return new AccountView(account.getName(), account.getPersonId(), account.getBalance(), account.getPending(),
                    account.getTier(), account.getRecentEntriesList().stream().map(EntryView::from).toList());
        }
    }

    @Schema(description = "Points to credit")
    public record CreditInput(@Schema(example = "120") long points,
            @Schema(example = "SERVICE_VISIT") String reason,
            @Schema(example = "visits/V-2026-0001") String sourceReference) {
    }

    public record CreditView(EntryView entry, AccountView account, boolean replayed) {
    }

    @GET
    @Path("/loyalty/accounts/{personId}")
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A person's loyalty account: balance, tier, recent ledger entries")
    public Uni<AccountView> get(@PathParam("personId") String personId) {
        access.requireScope("loyalty:read");
        Checks.of().id(personId, "personId").orRefuse();
        return guards.personVisible(personId).chain(() -> backends.loyalty()
                .getAccount(GetAccountRequest.newBuilder().setName("accounts/" + personId).build()))
                .map(AccountView::from);
    }

    public record EntriesView(List<EntryView> entries, String nextPageToken) {
    }

    @GET
    @Path("/loyalty/accounts/{personId}/entries")
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A person's ledger, newest first, including accounts merged into it (paged)")
    public Uni<EntriesView> entries(@PathParam("personId") String personId,
            @QueryParam("pageSize") @Parameter(description = "1-100, default 20") Integer pageSize,
            @QueryParam("pageToken") String pageToken) {
        access.requireScope("loyalty:read");
        Checks.of().id(personId, "personId").pageSize(pageSize, 100).pageToken(pageToken).orRefuse();
        return guards.personVisible(personId).chain(() -> backends.loyalty().listLedgerEntries(
                ListLedgerEntriesRequest.newBuilder().setParent("accounts/" + personId)
                        .setPageSize(Checks.pageSize(pageSize)).setPageToken(Checks.text(pageToken)).build()))
                .map(r -> new EntriesView(r.getEntriesList().stream().map(EntryView::from).toList(), r.getNextPageToken()));
    }

    @POST
    @Path("/loyalty/accounts/{personId}/credits")
    @RolesAllowed({ Roles.DEALER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Credit points (dealer staff, platform)", description = "Needs an Idempotency-Key: a retry credits once.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CreditView.class)))
    public Uni<Response> credit(@PathParam("personId") String personId,
            @HeaderParam("Idempotency-Key") String idempotencyKey, CreditInput input) {
        access.requireScope("loyalty:write");
        IdempotentRequests.requireKey(idempotencyKey);
        CreditInput body = input == null ? new CreditInput(0, null, null) : input;
        Checks.of().id(personId, "personId").require(body.points() > 0, "points", "must be positive")
                .present(body.reason(), "reason").orRefuse();
        return idempotency.execute(access.caller(), "credit:" + personId, idempotencyKey, body,
                () -> guards.personVisible(personId).chain(() -> backends.loyalty().creditPoints(CreditPointsRequest.newBuilder()
                .setAccount("accounts/" + personId)
                .setPoints(body.points())
                .setReason(body.reason() == null ? "" : body.reason())
                .setSourceReference(body.sourceReference() == null ? "" : body.sourceReference())
                .setRequestId(IdempotentRequests.requestId(access.caller(), idempotencyKey))
                .build())
                .map(r -> new CreditView(EntryView.from(r.getEntry()), AccountView.from(r.getAccount()), r.getReplayed()))));
    }
}
