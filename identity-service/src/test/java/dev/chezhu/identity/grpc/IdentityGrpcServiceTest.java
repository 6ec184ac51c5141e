package dev.chezhu.identity.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.IdentifyPersonResponse;
import dev.chezhu.identity.v1.Identifier;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.LookupPersonRequest;
import dev.chezhu.identity.v1.Person;
import dev.chezhu.identity.v1.ResolutionOutcome;
import dev.chezhu.identity.v1.VehicleRelationship;
import dev.chezhu.identity.v1.VehicleRole;
import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** IdentityService over real gRPC, against the real PostgreSQL, Redis and Keycloak. */
@QuarkusTest
class IdentityGrpcServiceTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    RedisDataSource redis;

    private IdentityServiceBlockingStub asPartner() {
        return identity.withCallCredentials(TestCallers.partner());
    }

    private static String uniquePhone() {
        return "139" + String.format("%08d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L));
    }

    private static Identifier phone(String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_PHONE).setValue(value).build();
    }

    private static Identifier app(String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_APP_ACCOUNT).setValue(value).build();
    }

    private static IdentifyPersonRequest.Builder observation(String source, Identifier... identifiers) {
        return IdentifyPersonRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setSource(source)
                .addAllIdentifiers(List.of(identifiers));
    }

    @Test
    void newIdentifiersCreateAPersonAndKnownOnesAttach() {
        String phone = uniquePhone();
        IdentifyPersonResponse created = asPartner().identifyPerson(observation("app", phone(phone))
                .putTraits("given_name", "Wei")
                .addVehicles(VehicleRelationship.newBuilder().setVin("LSVAU2180N2183294")
                        .setRole(VehicleRole.VEHICLE_ROLE_OWNER))
                .build());
        assertEquals(ResolutionOutcome.RESOLUTION_OUTCOME_CREATED, created.getOutcome());
        assertEquals("+86" + phone, created.getPerson().getIdentifiers(0).getValue());

        IdentifyPersonResponse attached = asPartner().identifyPerson(observation("dealer_crm:D001",
                phone("+86 " + phone), Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_DEALER_CRM_ID)
                        .setScope("D001").setValue("CRM-" + phone).build()).build());
        assertEquals(ResolutionOutcome.RESOLUTION_OUTCOME_ATTACHED, attached.getOutcome());
        assertEquals(created.getPerson().getPersonId(), attached.getPerson().getPersonId());

        Person person = asPartner().getPerson(GetPersonRequest.newBuilder()
                .setName("persons/" + created.getPerson().getPersonId()).build());
        assertEquals(2, person.getIdentifiersCount());
        assertEquals("Wei", person.getTraitsOrThrow("given_name").getValue());
        assertEquals("LSVAU2180N2183294", person.getVehicles(0).getVin());
    }

    @Test
    void anObservationJoiningTwoPersonsMergesThemIntoTheOldest() {
        String phone = uniquePhone();
        String account = "app-" + UUID.randomUUID();
        String older = asPartner().identifyPerson(observation("app", phone(phone)).build()).getPerson().getPersonId();
        String younger = asPartner().identifyPerson(observation("mini_program", app(account)).build()).getPerson()
                .getPersonId();
        assertNotEquals(older, younger);
        // warm the cache with the younger person, so the merge must evict it
        assertEquals(younger, asPartner().lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(app(account))
                .build()).getPersonId());

        IdentifyPersonResponse merged = asPartner().identifyPerson(observation("call_centre", phone(phone), app(account))
                .build());
        assertEquals(ResolutionOutcome.RESOLUTION_OUTCOME_MERGED, merged.getOutcome());
        assertEquals(older, merged.getPerson().getPersonId());
        assertEquals(older, asPartner().lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(app(account))
                .build()).getPersonId());
        // the merged ID stays resolvable: it answers with the survivor
        assertEquals(older, asPartner().getPerson(GetPersonRequest.newBuilder().setName("persons/" + younger).build())
                .getPersonId());
    }

    @Test
    void aResentObservationIsReplayedNotReapplied() {
        IdentifyPersonRequest request = observation("app", phone(uniquePhone())).build();
        IdentifyPersonResponse first = asPartner().identifyPerson(request);
        IdentifyPersonResponse again = asPartner().identifyPerson(request);
        assertFalse(first.getReplayed());
        assertTrue(again.getReplayed());
        assertEquals(first.getPerson().getPersonId(), again.getPerson().getPersonId());
        assertEquals(first.getOutcome(), again.getOutcome());
    }

    @Test
    void racingObservationsOnOneNewIdentifierCreateOnePerson() throws Exception {
        String phone = uniquePhone();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            IdentityServiceBlockingStub stub = asPartner();
            List<Callable<String>> calls = java.util.stream.IntStream.range(0, 16)
                    .<Callable<String>> mapToObj(i -> () -> stub.identifyPerson(observation("app", phone(phone)).build())
                            .getPerson().getPersonId())
                    .toList();
            List<String> ids = pool.invokeAll(calls).stream().map(IdentityGrpcServiceTest::get).distinct().toList();
            assertEquals(1, ids.size(), "every racing observation resolved to the same person");
        } finally {
            pool.shutdownNow();
        }
    }

    private static String get(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void invalidInputIsRefusedWithFieldViolationsAndWritesNothing() {
        String phone = uniquePhone();
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> asPartner().identifyPerson(
                observation("app", phone(phone), phone("not-a-phone"),
                        Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_UNSPECIFIED).setValue("x").build())
                        .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        ErrorInfo info = ErrorDetails.errorInfo(refused).orElseThrow();
        assertEquals("INVALID_OBSERVATION", info.getReason());
        assertEquals(ErrorDetails.DOMAIN, info.getDomain());
        BadRequest badRequest = ErrorDetails.badRequest(refused).orElseThrow();
        assertEquals(List.of("identifiers[1].value", "identifiers[2].type"),
                badRequest.getFieldViolationsList().stream().map(BadRequest.FieldViolation::getField).toList());

        StatusRuntimeException notFound = assertThrows(StatusRuntimeException.class, () -> asPartner().lookupPerson(
                LookupPersonRequest.newBuilder().setIdentifier(phone(phone)).build()));
        assertEquals(Status.Code.NOT_FOUND, notFound.getStatus().getCode(), "the valid phone was not half-written");
    }

    @Test
    void cacheKeysDoNotContainThePhoneNumber() {
        String phone = uniquePhone();
        asPartner().identifyPerson(observation("app", phone(phone)).build());
        asPartner().lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(phone(phone)).build());
        var keys = redis.key().keys("identity:lookup:*");
        assertFalse(keys.isEmpty());
        assertTrue(keys.stream().noneMatch(k -> k.contains(phone)));
    }

    @Test
    void unknownPersonIsNotFoundAndMalformedNameIsInvalid() {
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> asPartner().getPerson(GetPersonRequest.newBuilder().setName("persons/nobody").build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        StatusRuntimeException malformed = assertThrows(StatusRuntimeException.class,
                () -> asPartner().getPerson(GetPersonRequest.newBuilder().setName("people/1").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode());
    }
}
