package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.Fixtures.app;
import static dev.chezhu.identity.grpc.Fixtures.asPartner;
import static dev.chezhu.identity.grpc.Fixtures.crm;
import static dev.chezhu.identity.grpc.Fixtures.email;
import static dev.chezhu.identity.grpc.Fixtures.licence;
import static dev.chezhu.identity.grpc.Fixtures.observation;
import static dev.chezhu.identity.grpc.Fixtures.phone;
import static dev.chezhu.identity.grpc.Fixtures.unique;
import static dev.chezhu.identity.grpc.Fixtures.uniquePhone;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.Identifier;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.LookupPersonRequest;
import dev.chezhu.identity.v1.PersonMerged;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The concurrency claims, with real concurrent clients against the real PostgreSQL: racing
 * observations on the same identifiers never create two people; racing merges never lose one.
 */
@QuarkusTest
class ConcurrencyTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    DataSource db;

    private static <T> List<T> race(List<Callable<T>> calls) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Callable<T>> gated = calls.stream().<Callable<T>> map(call -> () -> {
                start.await();
                return call.call();
            }).toList();
            List<Future<T>> futures = new ArrayList<>();
            gated.forEach(c -> futures.add(pool.submit(c)));
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (Exception e) {
                    throw new AssertionError("a racing call failed", e);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private String lookup(Identifier identifier) {
        return asPartner(identity).lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(identifier).build())
                .getPersonId();
    }

    @Test
    void racingObservationsOnOverlappingNewIdentifiersCreateOnePerson() throws Exception {
        List<Identifier> pool = List.of(phone(uniquePhone()), email(unique("e") + "@mail.cn"), app(unique("app")),
                licence(unique("L").substring(0, 20)));
        Random random = new Random(7);
        IdentityServiceBlockingStub stub = asPartner(identity);
        List<Callable<String>> calls = IntStream.range(0, 16).<Callable<String>> mapToObj(i -> {
            List<Identifier> subset = new ArrayList<>(pool);
            Collections.shuffle(subset, random);
            List<Identifier> chosen = subset.subList(0, 1 + random.nextInt(pool.size()));
            return () -> stub.identifyPerson(observation("app", chosen.toArray(Identifier[]::new)).build())
                    .getPerson().getPersonId();
        }).toList();
        List<String> answers = race(calls);
        List<String> roots = pool.stream().map(this::lookup).distinct().toList();
        assertEquals(1, roots.size(), "every identifier resolves to one person");
        // answers may name a person that was merged meanwhile; each resolves to the one root
        answers.stream().distinct().forEach(id -> assertEquals(roots.get(0), asPartner(identity)
                .getPerson(GetPersonRequest.newBuilder().setName("persons/" + id).build()).getPersonId()));
    }

    @Test
    void racingMergesAlongAChainEndInOnePersonAndLoseNoMerge() throws Exception {
        IdentityServiceBlockingStub stub = asPartner(identity);
        int n = 8;
        List<Identifier> ids = new ArrayList<>();
        List<String> persons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // one CRM ID per dealer: a merge of all of them stays within every per-type limit
            Identifier id = crm("R" + i, unique("crm"));
            ids.add(id);
            persons.add(stub.identifyPerson(observation("dealer_crm:R" + i, id).build()).getPerson().getPersonId());
        }
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i + 1 < n; i++) {
            Identifier a = ids.get(i);
            Identifier b = ids.get(i + 1);
            calls.add(() -> stub.identifyPerson(observation("call_centre", a, b).build()).getPerson().getPersonId());
        }
        Collections.shuffle(calls, new Random(11));
        race(calls);

        String oldest = persons.get(0);
        for (Identifier id : ids) {
            assertEquals(oldest, lookup(id), "every identifier resolves to the oldest person");
        }
        for (String person : persons) {
            assertEquals(oldest, stub.getPerson(GetPersonRequest.newBuilder().setName("persons/" + person).build())
                    .getPersonId());
        }
        assertEquals(n - 1, Fixtures.count(db, "select count(*) from person where merged_into = ?", oldest));
        assertEquals(0, Fixtures.count(db, "select count(*) from person p join person s on s.id = p.merged_into "
                + "where s.merged_into is not null"), "merged persons always point at a root");
        long mergedInEvents = Fixtures.strings(db, "select id from person where merged_into = ?", oldest).stream()
                .filter(id -> Fixtures.count(db, "select count(*) from person_merge where merged_id = ? and undone_at is null",
                        id) == 1)
                .count();
        assertEquals(n - 1, mergedInEvents, "every merge is recorded exactly once");
        List<PersonMerged> events = new ArrayList<>();
        Fixtures.strings(db, "select distinct survivor_id from person_merge where merged_id = any (select id from person "
                + "where merged_into = ?)", oldest)
                .forEach(survivor -> events.addAll(Fixtures.events(db, survivor, "PersonMerged", PersonMerged.parser())));
        assertEquals(n - 1, events.stream().mapToInt(PersonMerged::getMergedPersonIdsCount).sum(),
                "one PersonMerged entry per merged person");
    }
}
