package dev.chezhu.identity.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.chezhu.identity.bench.PairwiseMetrics.Labelled;
import dev.chezhu.identity.bench.SyntheticTouchpoints.Touchpoint;
import dev.chezhu.identity.domain.IdentifierKey;
import dev.chezhu.identity.domain.IdentifierKind;
import dev.chezhu.identity.v1.BatchIdentifyPersonsRequest;
import dev.chezhu.identity.v1.BatchIdentifyPersonsResponse;
import dev.chezhu.identity.v1.IdentifyPersonResponse;
import dev.chezhu.identity.v1.ObservationResult;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Measures resolution quality: feeds a seeded synthetic population's noisy observations, one after
 * the other (deterministic), through the real service, then scores the resulting persons against
 * the ground truth: pairwise precision, recall and F1, and the true persons wrongly joined — in
 * particular through shared identifiers (front-desk phones, family head units).
 *
 * <pre>mvn -pl identity-service test -Pevaluation [-Devaluation.persons=2000 -Devaluation.seed=20261125
 *     -Devaluation.batch=1]</pre>
 * With {@code evaluation.batch} above 1 the same observations go through BatchIdentifyPersons in
 * chunks of that size, in the same order: the figures must not change.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@Tag("evaluation")
class ResolutionEvaluationTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    DataSource db;

    @Inject
    RedisDataSource redis;

    @Test
    void evaluate() throws SQLException {
        int persons = Integer.getInteger("evaluation.persons", 2000);
        long seed = Long.getLong("evaluation.seed", 20261125L);
        int dealers = 10;
        int batch = Integer.getInteger("evaluation.batch", 1);
        BenchSupport.flushIdentityKeys(redis);
        SyntheticTouchpoints generator = new SyntheticTouchpoints(seed, dealers);
        List<Touchpoint> touchpoints = generator.generate(persons, "p");
        IdentityServiceBlockingStub stub = identity.withCallCredentials(new RefreshingCredentials(TestCallers::partner));

        List<String> answered = new ArrayList<>();
        Map<String, Integer> refusals = new TreeMap<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        int expectedRefusals = 0;
        int unexpectedRefusals = 0;
        long started = System.nanoTime();
        for (int from = 0; from < touchpoints.size(); from += batch) {
            List<Touchpoint> chunk = touchpoints.subList(from, Math.min(touchpoints.size(), from + batch));
            List<String> reasons = new ArrayList<>();
            if (batch == 1) {
                try {
                    IdentifyPersonResponse response = stub.identifyPerson(chunk.get(0).request());
                    answered.add(response.getPerson().getPersonId());
                    outcomes.merge(response.getOutcome().name().replace("RESOLUTION_OUTCOME_", ""), 1, Integer::sum);
                    reasons.add(null);
                } catch (StatusRuntimeException e) {
                    answered.add(null);
                    reasons.add(ErrorDetails.errorInfo(e).map(i -> i.getReason()).orElse(e.getStatus().getCode().name()));
                }
            } else {
                BatchIdentifyPersonsResponse response = stub.batchIdentifyPersons(BatchIdentifyPersonsRequest.newBuilder()
                        .addAllRequests(chunk.stream().map(Touchpoint::request).toList()).build());
                for (ObservationResult result : response.getResultsList()) {
                    if (result.getRefusalReason().isEmpty()) {
                        answered.add(result.getPerson().substring("persons/".length()));
                        outcomes.merge(result.getOutcome().name().replace("RESOLUTION_OUTCOME_", ""), 1, Integer::sum);
                        reasons.add(null);
                    } else {
                        answered.add(null);
                        reasons.add(result.getRefusalReason());
                    }
                }
            }
            for (int i = 0; i < chunk.size(); i++) {
                String reason = reasons.get(i);
                if (reason == null) {
                    continue;
                }
                refusals.merge(reason, 1, Integer::sum);
                if (chunk.get(i).junkOnly() && reason.equals("ALL_IDENTIFIERS_BLOCKED")) {
                    expectedRefusals++;
                } else {
                    unexpectedRefusals++;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        Map<String, String> rootOf = new HashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id, coalesce(merged_into, id) from person")) {
            while (rs.next()) {
                rootOf.put(rs.getString(1), rs.getString(2));
            }
        }
        List<Labelled> labelled = new ArrayList<>();
        Map<String, Set<String>> sharedSeenBy = new HashMap<>();
        for (int i = 0; i < touchpoints.size(); i++) {
            Touchpoint t = touchpoints.get(i);
            sharedSeenBy.computeIfAbsent(t.truePerson(), p -> new HashSet<>()).addAll(t.shared());
            if (answered.get(i) != null) {
                labelled.add(new Labelled(t.truePerson(), rootOf.get(answered.get(i))));
            }
        }
        PairwiseMetrics m = PairwiseMetrics.of(labelled);

        // which true persons share a predicted person, and did they share a shared identifier?
        Map<String, Set<String>> truthsPerPerson = new HashMap<>();
        labelled.forEach(l -> truthsPerPerson.computeIfAbsent(l.predicted(), p -> new HashSet<>()).add(l.truth()));
        long throughShared = 0;
        for (Set<String> truths : truthsPerPerson.values()) {
            List<String> list = new ArrayList<>(truths);
            for (int a = 0; a < list.size(); a++) {
                for (int b = a + 1; b < list.size(); b++) {
                    Set<String> common = new HashSet<>(sharedSeenBy.get(list.get(a)));
                    common.retainAll(sharedSeenBy.get(list.get(b)));
                    if (!common.isEmpty()) {
                        throughShared++;
                    }
                }
            }
        }
        Set<String> deskDigests = new HashSet<>();
        generator.frontDeskPhones().forEach(p -> deskDigests.add(new IdentifierKey(IdentifierKind.PHONE, "", "+86" + p).digest()));
        long quarantined = count("select count(*) from quarantined_identifier");
        long desksQuarantined = count("select count(*) from quarantined_identifier where digest in ('"
                + String.join("','", deskDigests) + "')");
        long refusedMerges = count("select count(*) from refused_merge");
        long merges = count("select count(*) from person_merge");

        String report = """
                identity-service resolution evaluation
                  machine                 %s
                  population              %d generated persons (+ family members) -> %d true persons, seed %d, %d dealers
                  observations            %d fed in %.1f s (sequential, %s): %s
                  refused                 %s (%d expected junk-only, %d unexpected)
                  pairwise precision      %s
                  pairwise recall         %s
                  pairwise F1             %s
                  predicted persons       %d (true persons %d)
                  impure persons          %d; true-person pairs wrongly joined: %d (through shared identifiers: %d)
                  merges / refused merges %d / %d
                  quarantined identifiers %d (front-desk phones: %d of %d)
                """.formatted(BenchSupport.machine(), persons, m.trueClusters(), seed, dealers, touchpoints.size(), seconds,
                batch == 1 ? "one IdentifyPerson call each" : "BatchIdentifyPersons of " + batch, outcomes, refusals, expectedRefusals, unexpectedRefusals, BenchSupport.fmt(m.precision()),
                BenchSupport.fmt(m.recall()), BenchSupport.fmt(m.f1()), m.predictedClusters(), m.trueClusters(),
                m.impureClusters(), m.falselyJoinedPersonPairs(), throughShared, merges, refusedMerges, quarantined,
                desksQuarantined, deskDigests.size());
        BenchSupport.report("evaluation.txt", report);
        BenchSupport.benchLine("identity.eval_pairwise_f1", m.f1(), "F1", ">=0.98");
        BenchSupport.benchLine("identity.eval_false_merges_shared", throughShared, "pairs", "<=0");

        assertEquals(0, unexpectedRefusals, "only junk-only observations are refused");
        assertEquals(0, throughShared, "no false merge through a shared identifier");
        assertTrue(m.f1() >= 0.98, "F1 " + m.f1() + " below the 0.98 target");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
