package dev.chezhu.loyalty.grpc;

import static dev.chezhu.loyalty.grpc.Wire.amountCampaign;
import static dev.chezhu.loyalty.grpc.Wire.create;
import static dev.chezhu.loyalty.grpc.Wire.newPerson;
import static dev.chezhu.loyalty.grpc.Wire.publish;
import static dev.chezhu.loyalty.grpc.Wire.redeem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.Callers;
import dev.chezhu.loyalty.persistence.LedgerSql;
import dev.chezhu.loyalty.v1.Budget;
import dev.chezhu.loyalty.v1.BudgetEnforcement;
import dev.chezhu.loyalty.v1.Campaign;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.loyalty.v1.RedeemCouponRequest;
import dev.chezhu.loyalty.v1.RedeemCouponResponse;
import dev.chezhu.platform.error.ErrorDetails;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Real concurrent clients against the real PostgreSQL: one code from many counters is redeemed once;
 * a budget drained by many publishers or redeemers is never overspent by one.
 */
@QuarkusTest
class ConcurrentCouponTest {

    private static final int THREADS = 32;

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    @Inject
    LedgerSql sql;

    private ExecutorService pool;

    @BeforeEach
    void start() {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Releases every call at once; the outcome of each: "OK" or the refusal's reason. */
    private <T> List<String> together(List<Callable<T>> calls) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (Callable<T> call : calls) {
            futures.add(pool.submit(() -> {
                go.await();
                try {
                    call.call();
                    return "OK";
                } catch (StatusRuntimeException e) {
                    return ErrorDetails.errorInfo(e).map(i -> i.getReason()).orElse(e.getStatus().getCode().name());
                }
            }));
        }
        go.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> future : futures) {
            outcomes.add(future.get(120, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    private static Map<String, Integer> count(List<String> outcomes) {
        Map<String, Integer> counts = new HashMap<>();
        outcomes.forEach(o -> counts.merge(o, 1, Integer::sum));
        return counts;
    }

    private String campaign(Campaign.Builder campaign) {
        return loyalty.withCallCredentials(Callers.admin()).createCampaign(create(campaign)).getCampaign().getName();
    }

    @Test
    void oneCodeSubmittedFromManyCountersAtOnceIsRedeemedOnce() throws Exception {
        String campaign = campaign(amountCampaign(5_000, 10));
        String person = newPerson();
        String code = loyalty.withCallCredentials(Callers.service()).publishCoupon(publish(campaign, person))
                .getCoupon().getCode();
        LoyaltyServiceBlockingStub d001 = loyalty.withCallCredentials(Callers.dealerD001());
        LoyaltyServiceBlockingStub d002 = loyalty.withCallCredentials(Callers.dealerD002());
        List<Callable<RedeemCouponResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            LoyaltyServiceBlockingStub counter = i % 2 == 0 ? d001 : d002;
            RedeemCouponRequest request = redeem(code).build();
            calls.add(() -> counter.redeemCoupon(request));
        }
        Map<String, Integer> outcomes = count(together(calls));
        assertEquals(Map.of("OK", 1, "COUPON_ALREADY_REDEEMED", 47), outcomes);
        assertEquals(1, sql.single("select count(*) from coupon_redemption where code = ?", code));
        assertEquals(1, sql.events("CouponRedeemed", person));
    }

    @Test
    void oneRequestRetriedFromOneCounterAtOnceIsAnsweredWithTheSameRedemption() throws Exception {
        String campaign = campaign(amountCampaign(5_000, 10));
        String code = loyalty.withCallCredentials(Callers.service()).publishCoupon(publish(campaign, newPerson()))
                .getCoupon().getCode();
        LoyaltyServiceBlockingStub d001 = loyalty.withCallCredentials(Callers.dealerD001());
        RedeemCouponRequest request = redeem(code).build();
        List<Future<RedeemCouponResponse>> answers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 16; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return d001.redeemCoupon(request);
            }));
        }
        go.countDown();
        List<String> ids = new ArrayList<>();
        int first = 0;
        for (Future<RedeemCouponResponse> answer : answers) {
            RedeemCouponResponse response = answer.get(60, TimeUnit.SECONDS);
            ids.add(response.getRedemption().getRedemptionId());
            first += response.getReplayed() ? 0 : 1;
        }
        assertEquals(1, first);
        assertEquals(1, ids.stream().distinct().count());
        assertEquals(1, sql.single("select count(*) from coupon_redemption where code = ?", code));
    }

    @Test
    void manyPublishersDrainAnIssueBudgetToExactlyItsSize() throws Exception {
        String campaign = campaign(amountCampaign(5_000, 25));
        LoyaltyServiceBlockingStub service = loyalty.withCallCredentials(Callers.service());
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String person = newPerson();
            calls.add(() -> service.publishCoupon(publish(campaign, person)));
        }
        Map<String, Integer> outcomes = count(together(calls));
        assertEquals(Map.of("OK", 25, "BUDGET_EXHAUSTED", 95), outcomes);
        String id = campaign.substring("campaigns/".length());
        assertEquals(25, sql.single("select count(*) from coupon where campaign_id = ?", id));
        assertEquals(25, sql.single("select reserved_count from campaign where campaign_id = ?", id));
        assertEquals(125_000, sql.single("select reserved_value from campaign where campaign_id = ?", id));
    }

    @Test
    void aPersonRacingForMoreCouponsGetsOnlyTheLimit() throws Exception {
        String campaign = campaign(amountCampaign(1_000, 100).setPerPersonLimit(3));
        String person = newPerson();
        LoyaltyServiceBlockingStub service = loyalty.withCallCredentials(Callers.service());
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> service.publishCoupon(publish(campaign, person)));
        }
        assertEquals(Map.of("OK", 3, "PER_PERSON_LIMIT_REACHED", 17), count(together(calls)));
        assertEquals(3, sql.single("select count(*) from coupon where person_id = ?", person));
    }

    @Test
    void manyCountersDrainARedemptionBudgetAndNeverOverspendCountOrValue() throws Exception {
        // 60 coupons, budget 20 redemptions and 90,000 fen: the value (5,000 each) runs out after 18
        String campaign = campaign(amountCampaign(5_000, 20).setPerPersonLimit(100)
                .setBudget(Budget.newBuilder().setMaxCount(20).setMaxValue(90_000)
                        .setEnforcement(BudgetEnforcement.BUDGET_ENFORCEMENT_REDEMPTION)));
        LoyaltyServiceBlockingStub service = loyalty.withCallCredentials(Callers.service());
        String person = newPerson();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            codes.add(service.publishCoupon(publish(campaign, person)).getCoupon().getCode());
        }
        LoyaltyServiceBlockingStub d001 = loyalty.withCallCredentials(Callers.dealerD001());
        List<Callable<Object>> calls = new ArrayList<>();
        for (String code : codes) {
            calls.add(() -> d001.redeemCoupon(redeem(code).build()));
        }
        assertEquals(Map.of("OK", 18, "BUDGET_EXHAUSTED", 42), count(together(calls)));
        String id = campaign.substring("campaigns/".length());
        assertEquals(18, sql.single("select redeemed_count from campaign where campaign_id = ?", id));
        assertEquals(90_000, sql.single("select redeemed_value from campaign where campaign_id = ?", id));
        assertEquals(18, sql.single("select count(*) from coupon_redemption where campaign_id = ?", id));
        assertEquals(42, sql.single("select count(*) from coupon where campaign_id = ? and state = 'ISSUED'", id),
                "a refused redemption left its coupon untouched");
    }
}
