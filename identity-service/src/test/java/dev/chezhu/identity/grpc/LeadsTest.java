package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.Errors.refused;
import static dev.chezhu.identity.grpc.Fixtures.asDealerD001;
import static dev.chezhu.identity.grpc.Fixtures.asDealerD002;
import static dev.chezhu.identity.grpc.Fixtures.asPartner;
import static dev.chezhu.identity.grpc.Fixtures.asService;
import static dev.chezhu.identity.grpc.Fixtures.crm;
import static dev.chezhu.identity.grpc.Fixtures.observation;
import static dev.chezhu.identity.grpc.Fixtures.phone;
import static dev.chezhu.identity.grpc.Fixtures.unique;
import static dev.chezhu.identity.grpc.Fixtures.uniquePhone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.domain.Leads;
import dev.chezhu.identity.v1.ContactChannel;
import dev.chezhu.identity.v1.CreateLeadRequest;
import dev.chezhu.identity.v1.GetLeadRequest;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.Lead;
import dev.chezhu.identity.v1.LeadAssignment;
import dev.chezhu.identity.v1.LeadCreated;
import dev.chezhu.identity.v1.LeadNotContacted;
import dev.chezhu.identity.v1.LeadState;
import dev.chezhu.identity.v1.ListLeadsRequest;
import dev.chezhu.identity.v1.ListLeadsResponse;
import dev.chezhu.identity.v1.RecordLeadContactRequest;
import dev.chezhu.identity.v1.RecordLeadContactResponse;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Leads: assignment, first contact, dealer isolation, the not-contacted event. */
@QuarkusTest
class LeadsTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    DataSource db;

    @Inject
    Leads leads;

    private String newPerson() {
        return asPartner(identity).identifyPerson(observation("app", phone(uniquePhone())).build()).getPerson().getPersonId();
    }

    private static CreateLeadRequest.Builder lead(String personId) {
        return CreateLeadRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setPerson("persons/" + personId)
                .setSource("mini_program");
    }

    private static RecordLeadContactRequest contact(Lead lead) {
        return RecordLeadContactRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setName(lead.getName())
                .setChannel(ContactChannel.CONTACT_CHANNEL_PHONE_CALL).build();
    }

    @Test
    void aLeadGoesToTheRequestedThePreviousOrTheDefaultDealer() {
        Lead requested = asPartner(identity).createLead(lead(newPerson()).setDealerId("D002").build()).getLead();
        assertEquals("D002", requested.getDealerId());
        assertEquals(LeadAssignment.LEAD_ASSIGNMENT_REQUESTED, requested.getAssignment());
        assertEquals(LeadState.LEAD_STATE_OPEN, requested.getState());
        assertEquals(Duration.ofHours(24).toSeconds(),
                requested.getContactDueTime().getSeconds() - requested.getCreateTime().getSeconds());

        String known = asPartner(identity).identifyPerson(observation("dealer_crm:D002", crm("D002", unique("crm")))
                .build()).getPerson().getPersonId();
        Lead previous = asPartner(identity).createLead(lead(known).build()).getLead();
        assertEquals("D002", previous.getDealerId());
        assertEquals(LeadAssignment.LEAD_ASSIGNMENT_PREVIOUS_DEALER, previous.getAssignment());

        Lead fallback = asPartner(identity).createLead(lead(newPerson()).build()).getLead();
        assertEquals("D001", fallback.getDealerId());
        assertEquals(LeadAssignment.LEAD_ASSIGNMENT_DEFAULT_DEALER, fallback.getAssignment());
        assertEquals(1, Fixtures.events(db, fallback.getPerson().substring("persons/".length()), "LeadCreated",
                LeadCreated.parser()).size());

        Lead own = asDealerD001(identity).createLead(lead(newPerson()).build()).getLead();
        assertEquals("D001", own.getDealerId(), "a dealer's lead is its own");
        refused(Status.Code.PERMISSION_DENIED, "DEALER_MISMATCH",
                () -> asDealerD001(identity).createLead(lead(newPerson()).setDealerId("D002").build()));
        refused(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> asPartner(identity).createLead(lead("nobody").build()));
    }

    @Test
    void theAssignedDealerRecordsTheFirstContactOnce() {
        Lead created = asPartner(identity).createLead(lead(newPerson()).setDealerId("D001").build()).getLead();
        refused(Status.Code.PERMISSION_DENIED, "DEALER_MISMATCH", () -> asDealerD002(identity).recordLeadContact(contact(created)));
        refused(Status.Code.PERMISSION_DENIED, "DEALER_MISMATCH", () -> asDealerD002(identity).getLead(
                GetLeadRequest.newBuilder().setName(created.getName()).build()));
        refused(Status.Code.PERMISSION_DENIED, null, () -> asPartner(identity).recordLeadContact(contact(created)));

        RecordLeadContactRequest first = contact(created);
        RecordLeadContactResponse contacted = asDealerD001(identity).recordLeadContact(first);
        assertTrue(contacted.getFirstContact());
        assertEquals(LeadState.LEAD_STATE_CONTACTED, contacted.getLead().getState());
        assertEquals(ContactChannel.CONTACT_CHANNEL_PHONE_CALL, contacted.getLead().getFirstContactChannel());

        RecordLeadContactResponse resent = asDealerD001(identity).recordLeadContact(first);
        assertFalse(resent.getFirstContact());
        assertEquals(1, resent.getLead().getContactCount(), "a resend records nothing more");

        RecordLeadContactResponse later = asDealerD001(identity).recordLeadContact(RecordLeadContactRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setName(created.getName())
                .setChannel(ContactChannel.CONTACT_CHANNEL_WECHAT).build());
        assertFalse(later.getFirstContact());
        assertEquals(2, later.getLead().getContactCount());
        assertEquals(contacted.getLead().getFirstContactTime(), later.getLead().getFirstContactTime());
        assertEquals(ContactChannel.CONTACT_CHANNEL_PHONE_CALL, later.getLead().getFirstContactChannel());
    }

    @Test
    void aLeadNotContactedInTimeRaisesOneEvent() {
        Lead forgotten = asPartner(identity).createLead(lead(newPerson()).setDealerId("D001").build()).getLead();
        Lead called = asPartner(identity).createLead(lead(newPerson()).setDealerId("D001").build()).getLead();
        asDealerD001(identity).recordLeadContact(contact(called));

        Instant later = Instant.now().plus(Duration.ofHours(25));
        int reported = sweep(later);
        assertTrue(reported >= 1);
        String forgottenPerson = forgotten.getPerson().substring("persons/".length());
        List<LeadNotContacted> events = Fixtures.events(db, forgottenPerson, "LeadNotContacted", LeadNotContacted.parser());
        assertEquals(1, events.size());
        assertEquals(forgotten.getLeadId(), events.get(0).getLeadId());
        assertEquals("D001", events.get(0).getDealerId());
        assertTrue(Fixtures.events(db, called.getPerson().substring("persons/".length()), "LeadNotContacted",
                LeadNotContacted.parser()).isEmpty());

        sweep(later.plusSeconds(60));
        assertEquals(1, Fixtures.events(db, forgottenPerson, "LeadNotContacted", LeadNotContacted.parser()).size(),
                "reported once");
        Lead now = asService(identity).getLead(GetLeadRequest.newBuilder().setName(forgotten.getName()).build());
        assertEquals(LeadState.LEAD_STATE_OVERDUE, now.getState());
        assertTrue(now.hasOverdueTime());
    }

    /** Sweeps until nothing is left (each batch also reports leads of earlier tests, oldest first). */
    private int sweep(Instant now) {
        try {
            int total = 0;
            for (int i = 0; i < 20; i++) {
                int reported = VertxContextSupport.subscribeAndAwait(() -> leads.sweepOverdue(now));
                total += reported;
                if (reported == 0) {
                    break;
                }
            }
            return total;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDealerListsOnlyItsOwnLeads() {
        asPartner(identity).createLead(lead(newPerson()).setDealerId("D002").build());
        Lead mine = asPartner(identity).createLead(lead(newPerson()).setDealerId("D001").build()).getLead();
        ListLeadsResponse page = asDealerD001(identity).listLeads(ListLeadsRequest.newBuilder().setDealerId("D002")
                .setPageSize(5).build());
        assertTrue(page.getLeadsList().stream().allMatch(l -> l.getDealerId().equals("D001")));
        assertEquals(mine.getLeadId(), page.getLeads(0).getLeadId(), "newest first");
        ListLeadsResponse open = asService(identity).listLeads(ListLeadsRequest.newBuilder().setDealerId("D001")
                .setState(LeadState.LEAD_STATE_OPEN).setPageSize(2).build());
        assertTrue(open.getLeadsList().stream().allMatch(l -> l.getState() == LeadState.LEAD_STATE_OPEN));
        if (!open.getNextPageToken().isEmpty()) {
            ListLeadsResponse next = asService(identity).listLeads(ListLeadsRequest.newBuilder().setDealerId("D001")
                    .setState(LeadState.LEAD_STATE_OPEN).setPageSize(2).setPageToken(open.getNextPageToken()).build());
            assertFalse(next.getLeadsList().stream().anyMatch(l -> open.getLeadsList().contains(l)));
        }
    }
}
