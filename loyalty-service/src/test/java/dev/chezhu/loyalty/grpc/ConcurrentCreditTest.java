package dev.chezhu.loyalty.grpc;

import static dev.chezhu.loyalty.grpc.LoyaltyRequests.credit;
import static dev.chezhu.loyalty.grpc.LoyaltyRequests.get;
import static dev.chezhu.loyalty.grpc.LoyaltyRequests.newPerson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.persistence.LedgerSql;
import dev.chezhu.loyalty.v1.CreditPointsRequest;
import dev.chezhu.loyalty.v1.CreditPointsResponse;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.platform.testing.TestCallers;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Real concurrent clients against the real database: duplicates of one request_id credit once, and
 * distinct credits to one account all land, so the balance is exactly their sum.
 */
@QuarkusTest
class ConcurrentCreditTest {

    private static final Logger LOG = Logger.getLogger(ConcurrentCreditTest.class);
    private static final int THREADS = 16;

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    @Inject
    LedgerSql sql;

    private ExecutorService pool;
    private LoyaltyServiceBlockingStub service;

    @BeforeEach
    void start() {
        pool = Executors.newFixedThreadPool(THREADS);
        service = loyalty.withCallCredentials(TestCallers.service("gateway"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Sends every request at once (all threads released together) and returns the answers in order. */
    private List<CreditPointsResponse> sendTogether(List<CreditPointsRequest> requests) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<CreditPointsResponse>> calls = new ArrayList<>();
        for (CreditPointsRequest request : requests) {
            calls.add(() -> {
                go.await();
                return service.creditPoints(request);
            });
        }
        List<Future<CreditPointsResponse>> futures = new ArrayList<>();
        for (Callable<CreditPointsResponse> call : calls) {
            futures.add(pool.submit(call));
        }
        go.countDown();
        List<CreditPointsResponse> responses = new ArrayList<>();
        for (Future<CreditPointsResponse> future : futures) {
            responses.add(future.get(60, TimeUnit.SECONDS));
        }
        return responses;
    }

    @Test
    void racingDuplicatesOfOneRequestCreditOnceEvenOnANewAccount() throws Exception {
        String person = newPerson();
        CreditPointsRequest request = credit(person, 777).build();
        List<CreditPointsResponse> responses = sendTogether(java.util.Collections.nCopies(32, request));

        assertEquals(1, responses.stream().filter(r -> !r.getReplayed()).count(), "exactly one credit was written");
        assertEquals(1, responses.stream().map(r -> r.getEntry().getEntryId()).distinct().count(),
                "every duplicate answered with the same entry");
        assertEquals(1, sql.entriesWithRequestId(request.getRequestId()));
        assertEquals(777, sql.ledgerSum(person));
        assertEquals(777, sql.balanceSnapshot(person));
        assertEquals(777, service.getAccount(get(person)).getBalance());
    }

    @Test
    void racingDistinctCreditsToOneAccountAllLand() throws Exception {
        String person = newPerson();
        List<CreditPointsRequest> requests = new ArrayList<>();
        long expected = 0;
        for (int i = 1; i <= 200; i++) {
            requests.add(credit(person, i * 7L).build());
            expected += i * 7L;
        }
        long started = System.nanoTime();
        List<CreditPointsResponse> responses = sendTogether(requests);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.infof("200 concurrent credits to one account from %d clients took %d ms", THREADS, millis);

        assertEquals(200, responses.stream().filter(r -> !r.getReplayed()).count());
        assertEquals(200, responses.stream().map(r -> r.getEntry().getEntryId()).distinct().count());
        assertEquals(expected, service.getAccount(get(person)).getBalance());
        assertEquals(expected, sql.ledgerSum(person));
        assertEquals(expected, sql.balanceSnapshot(person));
        assertEquals(200, sql.entryCount(person));
        assertEquals(200, sql.version(person), "one snapshot move per entry, none lost");
    }

    @Test
    void racingResendsOfManyCreditsCountEachOnce() throws Exception {
        String person = newPerson();
        List<CreditPointsRequest> distinct = new ArrayList<>();
        long expected = 0;
        for (int i = 1; i <= 10; i++) {
            distinct.add(credit(person, i * 100L).build());
            expected += i * 100L;
        }
        List<CreditPointsRequest> requests = new ArrayList<>();
        for (int copy = 0; copy < 4; copy++) {
            requests.addAll(distinct);
        }
        java.util.Collections.shuffle(requests, new java.util.Random(42));

        List<CreditPointsResponse> responses = sendTogether(requests);

        assertEquals(10, responses.stream().filter(r -> !r.getReplayed()).count());
        assertEquals(10, responses.stream().map(r -> r.getEntry().getEntryId()).distinct().count());
        assertEquals(10, sql.entryCount(person));
        assertEquals(expected, sql.ledgerSum(person));
        assertEquals(expected, sql.balanceSnapshot(person));
    }
}
