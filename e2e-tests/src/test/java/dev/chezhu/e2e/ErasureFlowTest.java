package dev.chezhu.e2e;

import static dev.chezhu.e2e.Platform.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.chezhu.loyalty.v1.Budget;
import dev.chezhu.loyalty.v1.Campaign;
import dev.chezhu.loyalty.v1.CreateCampaignRequest;
import dev.chezhu.loyalty.v1.Discount;
import dev.chezhu.loyalty.v1.DiscountKind;
import dev.chezhu.loyalty.v1.PublishCouponRequest;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.telematics.v1.ConsentOutcome;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Flow 5: a person who used every service (identified at two touchpoints with their car, consents,
 * telemetry, points and a coupon, a listening history) is erased at identity. Afterwards no
 * service's database and no Redis key or value holds their phone, e-mail, names or touchpoint IDs,
 * and their person ID is left only where it is a tombstone that links to nothing (listed below, each
 * with its reason). The scan reads every table of every service database of this platform and every
 * key of its Redis database, and lists whatever it found.
 */
@QuarkusTest
class ErasureFlowTest {

    private static final String VIN = TestCallers.OTHER_HEAD_UNIT_VIN;

    /**
     * Where the erased person's ID may stay: pseudonymous records that no longer lead to anyone,
     * because identity deleted everything that tied the ID to a human.
     */
    private static final Map<String, String> PERSON_ID_MAY_STAY = Map.of(
            "identity.person", "the tombstone: the ID answers PERSON_ERASED and is never reused",
            "identity.erasure_audit", "the audit of the erasure itself (who, when, counts; no personal data)",
            "identity.admin_operation", "the erase request's idempotency record (request ID, kind, person ID)",
            "identity.observation", "idempotency records of the observations (request ID, source, outcome)",
            "loyalty.loyalty_account", "the closed account: balance forfeited, no personal data",
            "loyalty.ledger_entry", "the append-only points ledger (a liability that must stay auditable)",
            "loyalty.points_lot", "the ledger's lots (what each entry gave), forfeited with the account",
            "loyalty.coupon", "voided coupons: the campaigns' budget accounting",
            "redis chezhu:events:*", "the event streams (IDs only, never personal data; trimmed by max length)",
            "redis identity:consent:v1:{*}:gen", "the consent cache's generation counter (a number that guards "
                    + "refills against stale reads; expires with the cache TTL)");

    @Inject
    Platform platform;

    @AfterEach
    void eraseTestPersons() {
        platform.eraseCreated();
    }

    /** label → text to look for (lower case). */
    private static Map<String, String> needles(String personId, String phone, String email, String given, String family,
            String tag) {
        Map<String, String> needles = new LinkedHashMap<>();
        needles.put("person ID", personId);
        needles.put("phone", phone);
        needles.put("e-mail", email.toLowerCase(Locale.ROOT));
        needles.put("given name", given.toLowerCase(Locale.ROOT));
        needles.put("family name", family.toLowerCase(Locale.ROOT));
        needles.put("touchpoint IDs", tag);
        return needles;
    }

    @Test
    void anErasedPersonLeavesNoPersonalDataInAnyDatabaseOrRedis() throws Exception {
        String tag = Platform.unique();
        String phone = Platform.phone();
        String email = "qiao." + tag + "@163.com";
        String given = "Qiaoyun" + tag.substring(0, 4).replaceAll("[0-9]", "x");
        String family = "Ouyang" + tag.substring(4, 8).replaceAll("[0-9]", "y");
        String personId = platform.observe("""
                {"source":"app","identifiers":[{"type":"phone","value":"%s"},{"type":"email","value":"%s"},
                 {"type":"app_account","value":"app-%s"}],"traits":{"given_name":"%s","family_name":"%s","city":"Hangzhou"}}"""
                .formatted(phone, email, tag, given, family))[0];
        assertEquals(personId, platform.observe("""
                {"source":"dealer_crm:D002","identifiers":[{"type":"phone","value":"+86 %s"},
                 {"type":"dealer_crm_id","value":"CRM-%s","scope":"D002"}],"traits":{"given_name":"%s"},
                 "vehicles":[{"vin":"%s","role":"owner"}]}""".formatted(phone, tag, given, VIN))[0]);
        for (String purpose : new String[] { "telemetry_collection", "personalisation", "marketing" }) {
            platform.consent(personId, purpose, "granted");
        }
        String session = "boot-" + UUID.randomUUID();
        long[] sequence = { 0 };
        eventually("telemetry is stored", () -> platform.telemetry(VIN, session, ++sequence[0], "Vehicle.Speed", 30.0),
                r -> r.getConsent() == ConsentOutcome.CONSENT_OUTCOME_GRANTED);
        MergeUnmergeFlowTest.credit(platform, personId, 700);
        MergeUnmergeFlowTest.listen(platform, personId, "road-trip-anthems");
        platform.recommendation(TestCallers.partner()).recommend(dev.chezhu.recommendation.v1.RecommendRequest
                .newBuilder().setPerson("persons/" + personId).setCount(5).build());
        java.time.Instant now = java.time.Instant.now();
        String campaign = platform.loyalty(TestCallers.platformAdmin()).createCampaign(CreateCampaignRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setCampaign(Campaign.newBuilder()
                        .setDisplayName("Welcome: 50 CNY off")
                        .setDiscount(Discount.newBuilder().setKind(DiscountKind.DISCOUNT_KIND_AMOUNT).setAmount(5_000))
                        .setStartTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond() - 60))
                        .setEndTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond() + 30 * 86_400))
                        .setCouponValidityDays(7).setPerPersonLimit(1)
                        .setBudget(Budget.newBuilder().setMaxCount(100).setMaxValue(500_000)))
                .build()).getCampaign().getName();
        platform.loyalty(TestCallers.service("identity-service")).publishCoupon(PublishCouponRequest.newBuilder()
                .setCampaign(campaign).setAccount("accounts/" + personId).setRequestId(UUID.randomUUID().toString())
                .build());

        Map<String, String> needles = needles(personId, phone, email, given, family, tag);
        assertFalse(scan(needles).isEmpty(), "before the erasure the scan finds the person (it can see them)");

        platform.erase(personId);

        eventually("no personal data is left anywhere", () -> {
            List<String> found = scan(needles);
            assertTrue(found.isEmpty(), "personal data left after the erasure:\n  " + String.join("\n  ", found));
        });
        // the car has no consenting owner any more (telematics' cached answer expires: no event names the car)
        eventually("the car's telemetry is no longer stored",
                () -> platform.telemetry(VIN, session, ++sequence[0], "Vehicle.Speed", 31.0),
                r -> r.getConsent() == ConsentOutcome.CONSENT_OUTCOME_NOT_GRANTED);
    }

    /** Everything found, as "where: what", except the person ID where it may stay. */
    static List<String> scan(Map<String, String> needles) throws SQLException, IOException {
        List<String> found = new ArrayList<>();
        for (String database : databases()) {
            found.addAll(scanDatabase(database, needles));
        }
        found.addAll(scanRedis(needles));
        return found;
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "chezhu", "chezhu");
    }

    /** Every service database of this platform: chezhu_<service>_<name>. */
    private static List<String> databases() throws SQLException {
        String suffix = "_" + Databases.database("x").substring("chezhu_x_".length());
        List<String> names = new ArrayList<>();
        try (Connection c = connect("postgres");
                PreparedStatement s = c.prepareStatement("select datname from pg_database where datname like 'chezhu\\_%' "
                        + "and right(datname, ?) = ? order by datname")) {
            s.setInt(1, suffix.length());
            s.setString(2, suffix);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        assertTrue(names.size() >= 4, "the four service databases at least: " + names);
        return names;
    }

    private static List<String> scanDatabase(String database, Map<String, String> needles) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = connect(database)) {
            Map<String, List<String>> byteaColumns = new LinkedHashMap<>();
            List<String> tables = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select c.relname from pg_class c join pg_namespace n on "
                    + "n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1");
                    ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            try (PreparedStatement s = c.prepareStatement("select table_name, column_name from information_schema.columns "
                    + "where table_schema = 'public' and data_type = 'bytea'"); ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    byteaColumns.computeIfAbsent(rows.getString(1), t -> new ArrayList<>()).add(rows.getString(2));
                }
            }
            for (String table : tables) {
                StringBuilder where = new StringBuilder("lower(cast(x as text)) like '%' || n || '%'");
                for (String column : byteaColumns.getOrDefault(table, List.of())) {
                    where.append(" or position(convert_to(n, 'UTF8') in x.\"").append(column).append("\") > 0");
                }
                String sql = "select n from unnest(cast(? as text[])) n where exists (select 1 from \"" + table
                        + "\" x where " + where + ")";
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setArray(1, c.createArrayOf("text", needles.values().toArray()));
                    try (ResultSet rows = s.executeQuery()) {
                        while (rows.next()) {
                            String label = label(needles, rows.getString(1));
                            String where2 = database + "." + table;
                            if (!(label.equals("person ID") && PERSON_ID_MAY_STAY.containsKey(where2.replaceFirst(
                                    "^chezhu_([a-z]+)_[^.]+", "$1")))) {
                                found.add(where2 + ": " + label);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static List<String> scanRedis(Map<String, String> needles) throws IOException {
        List<String> found = new ArrayList<>();
        try (RedisScan redis = new RedisScan()) {
            for (RedisScan.Entry entry : redis.all()) {
                for (Map.Entry<String, String> needle : needles.entrySet()) {
                    byte[] wanted = needle.getValue().getBytes(StandardCharsets.UTF_8);
                    boolean hit = entry.contents().stream().anyMatch(bytes -> RedisScan.contains(lower(bytes), wanted));
                    if (hit && !(needle.getKey().equals("person ID") && PERSON_ID_MAY_STAY.containsKey(
                            "redis " + entry.key().replaceFirst("^(chezhu:events):.*$", "$1:*")
                                    .replaceFirst("^identity:consent:v1:\\{[^}]*}:gen$", "identity:consent:v1:{*}:gen")))) {
                        found.add("redis " + entry.type() + " " + entry.key() + ": " + needle.getKey());
                    }
                }
            }
        }
        return found;
    }

    private static byte[] lower(byte[] bytes) {
        byte[] copy = bytes.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] >= 'A' && copy[i] <= 'Z') {
                copy[i] += 'a' - 'A';
            }
        }
        return copy;
    }

    private static String label(Map<String, String> needles, String value) {
        return needles.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).findFirst()
                .orElse(value);
    }
}
