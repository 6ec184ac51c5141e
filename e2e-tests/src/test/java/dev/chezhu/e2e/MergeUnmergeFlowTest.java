package dev.chezhu.e2e;

import static dev.chezhu.e2e.Platform.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.chezhu.identity.v1.UnmergePersonRequest;
import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.CreditPointsRequest;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.recommendation.v1.ListeningContext;
import dev.chezhu.recommendation.v1.ListeningEvent;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.Place;
import dev.chezhu.recommendation.v1.RecordListeningEventRequest;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Flow 4: two persons that turn out to be one are merged by identity (an observation joins their
 * identifiers) → loyalty holds one account with both balances and recommendation one listening
 * history; the platform team unmerges them → both accounts and both histories are back as they were.
 */
@QuarkusTest
class MergeUnmergeFlowTest {

    @Inject
    Platform platform;

    @AfterEach
    void eraseTestPersons() {
        platform.eraseCreated();
    }

    static void credit(Platform platform, String personId, long points) {
        platform.loyalty(TestCallers.dealerD001()).creditPoints(CreditPointsRequest.newBuilder()
                .setAccount("accounts/" + personId).setPoints(points).setReason("SERVICE_VISIT")
                .setSourceReference("visits/V-" + UUID.randomUUID()).setRequestId(UUID.randomUUID().toString()).build());
    }

    static void listen(Platform platform, String personId, String item) {
        platform.recommendation(TestCallers.partner()).recordListeningEvent(RecordListeningEventRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setEvent(ListeningEvent.newBuilder()
                        .setPerson("persons/" + personId).setItem("items/" + item)
                        .setType(ListeningEventType.LISTENING_EVENT_TYPE_COMPLETED)
                        .setListened(com.google.protobuf.Duration.newBuilder().setSeconds(900))
                        .setContext(ListeningContext.newBuilder().setPlace(Place.PLACE_IN_CAR))
                        .setEventTime(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond())))
                .build());
    }

    static Account account(Platform platform, String personId) {
        return platform.loyalty(TestCallers.service("identity-service")).getAccount(GetAccountRequest.newBuilder()
                .setName("accounts/" + personId).build());
    }

    /** Whom the listening events recorded for these persons count for now. */
    static List<String> historyOwners(String personA, String personB) {
        String owners = Databases.text("recommendation", "select string_agg(distinct person_id, ',' order by person_id) "
                + "from listening_event where original_person_id in (?, ?)", personA, personB);
        return owners == null ? List.of() : List.of(owners.split(","));
    }

    /** Two persons: one from the app (phone), one from the mini-program (e-mail); then one observation with both. */
    static String[] twoPersonsThenOne(Platform platform, Runnable beforeTheMerge) {
        String phone = Platform.phone();
        String email = "wang.fang." + Platform.unique() + "@126.com";
        String a = platform.observe("""
                {"source":"app","identifiers":[{"type":"phone","value":"%s"}],"traits":{"given_name":"Fang"}}"""
                .formatted(phone))[0];
        String b = platform.observe("""
                {"source":"mini_program","identifiers":[{"type":"email","value":"%s"}]}""".formatted(email))[0];
        credit(platform, a, 300);
        credit(platform, b, 500);
        listen(platform, a, "mandopop-hits-weekly");
        listen(platform, b, "night-drive-radio");
        beforeTheMerge.run();
        String[] merge = platform.observe("""
                {"source":"call_centre","identifiers":[{"type":"phone","value":"%s"},{"type":"email","value":"%s"}]}"""
                .formatted(phone, email));
        assertEquals("merged", merge[1]);
        String survivor = merge[0];
        assertTrue(Set.of(a, b).contains(survivor));
        return new String[] { survivor, survivor.equals(a) ? b : a, a, b };
    }

    @Test
    void mergedPersonsShareOneAccountAndOneHistoryAndAnUnmergeRestoresBoth() {
        String[] persons = twoPersonsThenOne(platform, () -> {
        });
        String survivor = persons[0];
        String merged = persons[1];
        long survivorPoints = survivor.equals(persons[2]) ? 300 : 500;
        long mergedPoints = 800 - survivorPoints;

        Account one = eventually("loyalty merged the accounts", () -> account(platform, survivor),
                acc -> acc.getBalance() == 800);
        assertEquals(List.of("accounts/" + merged), one.getMergedAccountsList());
        assertEquals(survivor, account(platform, merged).getPersonId(), "the merged ID reads the survivor's account");
        eventually("recommendation merged the histories", () -> historyOwners(persons[2], persons[3]),
                owners -> owners.equals(List.of(survivor)));

        platform.identity(TestCallers.platformAdmin()).unmergePerson(UnmergePersonRequest.newBuilder()
                .setRequestId("unmerge-" + UUID.randomUUID()).setName("persons/" + merged).build());

        eventually("loyalty split the accounts", () -> account(platform, merged),
                acc -> acc.getPersonId().equals(merged) && acc.getBalance() == mergedPoints);
        Account survivorAgain = account(platform, survivor);
        assertEquals(survivorPoints, survivorAgain.getBalance());
        assertTrue(survivorAgain.getMergedAccountsList().isEmpty());
        eventually("recommendation split the histories", () -> historyOwners(persons[2], persons[3]),
                owners -> owners.equals(List.of(persons[2], persons[3]).stream().sorted().toList()));
        assertEquals(2, Databases.count("recommendation",
                "select count(*) from listening_event where original_person_id in (?, ?) and person_id = original_person_id",
                persons[2], persons[3]));
    }
}
