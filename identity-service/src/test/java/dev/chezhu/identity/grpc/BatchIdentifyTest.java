package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.Errors.fields;
import static dev.chezhu.identity.grpc.Errors.refused;
import static dev.chezhu.identity.grpc.Fixtures.app;
import static dev.chezhu.identity.grpc.Fixtures.asPartner;
import static dev.chezhu.identity.grpc.Fixtures.email;
import static dev.chezhu.identity.grpc.Fixtures.observation;
import static dev.chezhu.identity.grpc.Fixtures.phone;
import static dev.chezhu.identity.grpc.Fixtures.unique;
import static dev.chezhu.identity.grpc.Fixtures.uniquePhone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.v1.BatchIdentifyPersonsRequest;
import dev.chezhu.identity.v1.BatchIdentifyPersonsResponse;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.Identifier;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.LookupPersonRequest;
import dev.chezhu.identity.v1.ObservationResult;
import dev.chezhu.identity.v1.ResolutionOutcome;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Bulk ingestion: one transaction, each observation resolved in order as if sent alone. */
@QuarkusTest
class BatchIdentifyTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    private String lookup(Identifier identifier) {
        return asPartner(identity).lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(identifier).build())
                .getPersonId();
    }

    @Test
    void observationsOfOneBatchSeeEachOtherInOrder() {
        Identifier p = phone(uniquePhone());
        Identifier q = phone(uniquePhone());
        Identifier a = app(unique("a"));
        Identifier e = email(unique("e") + "@mail.cn");
        List<IdentifyPersonRequest> requests = List.of(
                observation("app", p).putTraits("given_name", "Wei").build(),
                observation("app", p, a).build(),
                observation("call_centre", q).build(),
                observation("call_centre", phone("13800000000")).build(),
                observation("mini_program", a, e).addInterestTags("travel").build(),
                observation("store_visit", q, e).build());
        BatchIdentifyPersonsRequest batch = BatchIdentifyPersonsRequest.newBuilder().addAllRequests(requests).build();
        BatchIdentifyPersonsResponse response = asPartner(identity).batchIdentifyPersons(batch);

        List<ObservationResult> results = response.getResultsList();
        assertEquals(6, results.size());
        assertEquals(List.of(ResolutionOutcome.RESOLUTION_OUTCOME_CREATED, ResolutionOutcome.RESOLUTION_OUTCOME_ATTACHED,
                ResolutionOutcome.RESOLUTION_OUTCOME_CREATED, ResolutionOutcome.RESOLUTION_OUTCOME_UNSPECIFIED,
                ResolutionOutcome.RESOLUTION_OUTCOME_ATTACHED, ResolutionOutcome.RESOLUTION_OUTCOME_MERGED),
                results.stream().map(ObservationResult::getOutcome).toList());
        assertEquals("ALL_IDENTIFIERS_BLOCKED", results.get(3).getRefusalReason());
        assertTrue(results.get(3).getPerson().isEmpty());
        String first = results.get(0).getPerson();
        for (int i : List.of(0, 1, 2, 4, 5)) {
            assertEquals(first, results.get(i).getPerson(), "every result names the person as of the end of the batch");
        }
        String id = first.substring("persons/".length());
        assertEquals(id, lookup(q), "the second person merged into the first one created");
        assertEquals(id, lookup(e));
        var person = asPartner(identity).getPerson(GetPersonRequest.newBuilder().setName(first).build());
        assertEquals(4, person.getIdentifiersCount());
        assertEquals(1, person.getMergedPersonIdsCount());
        assertEquals("travel", person.getInterests(0).getTag());

        BatchIdentifyPersonsResponse again = asPartner(identity).batchIdentifyPersons(batch);
        assertTrue(again.getResultsList().stream().filter(r -> r.getRefusalReason().isEmpty())
                .allMatch(ObservationResult::getReplayed));
        assertEquals(first, again.getResults(2).getPerson(), "a replay names the person it resolves to now");
    }

    @Test
    void aRequestIdTwiceInOneBatchIsResolvedOnce() {
        IdentifyPersonRequest request = observation("app", phone(uniquePhone())).build();
        BatchIdentifyPersonsResponse response = asPartner(identity).batchIdentifyPersons(BatchIdentifyPersonsRequest
                .newBuilder().addRequests(request).addRequests(request).build());
        assertEquals(response.getResults(0).getPerson(), response.getResults(1).getPerson());
        assertTrue(response.getResults(1).getReplayed());
    }

    @Test
    void aMalformedObservationRefusesTheWholeBatch() {
        Identifier good = phone(uniquePhone());
        var refused = refused(Status.Code.INVALID_ARGUMENT, "INVALID_OBSERVATION", () -> asPartner(identity)
                .batchIdentifyPersons(BatchIdentifyPersonsRequest.newBuilder()
                        .addRequests(observation("app", good).build())
                        .addRequests(observation("app", phone("12")).build())
                        .addRequests(IdentifyPersonRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                                .setSource("fax").addIdentifiers(good).build())
                        .build()));
        assertEquals(List.of("requests[1].identifiers[0].value", "requests[2].source"), fields(refused));
        refused(Status.Code.NOT_FOUND, "IDENTIFIER_NOT_FOUND", () -> lookup(good));
        refused(Status.Code.INVALID_ARGUMENT, "INVALID_BATCH", () -> asPartner(identity)
                .batchIdentifyPersons(BatchIdentifyPersonsRequest.getDefaultInstance()));
    }
}
