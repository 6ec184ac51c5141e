package dev.chezhu.identity.grpc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.Identifier;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.testing.TestCallers;

/** Test data and callers shared by the gRPC tests: unique identifiers, cached real tokens, the outbox. */
final class Fixtures {

    private record Cached(BearerTokenCredentials credentials, long fetchedAt) {
    }

    private static final Map<String, Cached> TOKENS = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /** A real token per kind of caller, reused for four minutes (they live five). */
    static BearerTokenCredentials caller(String who, Supplier<BearerTokenCredentials> fetch) {
        return TOKENS.compute(who, (k, cached) -> cached != null && System.currentTimeMillis() - cached.fetchedAt() < 240_000
                ? cached : new Cached(fetch.get(), System.currentTimeMillis())).credentials();
    }

    static IdentityServiceBlockingStub asPartner(IdentityServiceBlockingStub stub) {
        return stub.withCallCredentials(caller("partner", TestCallers::partner));
    }

    static IdentityServiceBlockingStub asAdmin(IdentityServiceBlockingStub stub) {
        return stub.withCallCredentials(caller("admin", TestCallers::platformAdmin));
    }

    static IdentityServiceBlockingStub asService(IdentityServiceBlockingStub stub) {
        return stub.withCallCredentials(caller("service", () -> TestCallers.service("loyalty-service")));
    }

    static IdentityServiceBlockingStub asDealerD001(IdentityServiceBlockingStub stub) {
        return stub.withCallCredentials(caller("d001", TestCallers::dealerD001));
    }

    static IdentityServiceBlockingStub asDealerD002(IdentityServiceBlockingStub stub) {
        return stub.withCallCredentials(caller("d002", TestCallers::dealerD002));
    }

    static IdentityServiceBlockingStub asHeadUnit(IdentityServiceBlockingStub stub) {
        return stub.withCallCredentials(caller("head-unit", TestCallers::headUnit));
    }

    /** A mobile number no other test uses (139 + 8 random digits, never 8 equal digits). */
    static String uniquePhone() {
        while (true) {
            String digits = String.format("%08d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L));
            if (digits.chars().distinct().count() > 1) {
                return "139" + digits;
            }
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static Identifier phone(String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_PHONE).setValue(value).build();
    }

    static Identifier email(String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_EMAIL).setValue(value).build();
    }

    static Identifier app(String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_APP_ACCOUNT).setValue(value).build();
    }

    static Identifier crm(String dealer, String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_DEALER_CRM_ID).setScope(dealer)
                .setValue(value).build();
    }

    static Identifier licence(String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_DRIVING_LICENCE).setValue(value).build();
    }

    static Identifier device(String value) {
        return Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_HEAD_UNIT_DEVICE).setValue(value).build();
    }

    static IdentifyPersonRequest.Builder observation(String source, Identifier... identifiers) {
        return IdentifyPersonRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setSource(source)
                .addAllIdentifiers(List.of(identifiers));
    }

    /** A VIN no other test uses. */
    static String uniqueVin() {
        String alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
        StringBuilder vin = new StringBuilder("LTEST");
        java.util.Random random = new java.util.Random(UUID.randomUUID().getMostSignificantBits());
        while (vin.length() < 17) {
            vin.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return vin.toString();
    }

    /** The events of one type written to the outbox for a subject, oldest first. */
    static <T extends Message> List<T> events(DataSource db, String subject, String type, Parser<T> parser) {
        List<T> events = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select payload from outbox_event "
                        + "where topic = 'identity' and subject = ? and type = ? order by id")) {
            s.setString(1, "persons/" + subject);
            s.setString(2, "chezhu.identity.v1." + type);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(parser.parseFrom(rs.getBytes(1)));
                }
            }
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
        return events;
    }

    static long count(DataSource db, String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> strings(DataSource db, String sql, Object... params) {
        List<String> values = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return values;
    }
}
