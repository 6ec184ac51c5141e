package dev.chezhu.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;

import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.auth.KeycloakTokens;
import dev.chezhu.recommendation.v1.DayPart;
import dev.chezhu.recommendation.v1.DrivingState;
import dev.chezhu.recommendation.v1.ListeningContext;
import dev.chezhu.recommendation.v1.ListeningEvent;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.Place;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.RecommendResponse;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc.RecommendationServiceBlockingStub;
import dev.chezhu.recommendation.v1.RecordListeningEventRequest;
import dev.chezhu.telematics.v1.AppendTelemetryRequest;
import dev.chezhu.telematics.v1.AppendTelemetryResponse;
import dev.chezhu.telematics.v1.Datapoint;
import dev.chezhu.telematics.v1.SignalValue;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc.TelematicsServiceBlockingStub;
import dev.chezhu.telematics.v1.TelemetryBatch;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/**
 * A short, fixed scenario through every service with real tokens: an owner met at three doors, a
 * car reporting a trip, a drive with audio, a dealer visit earning points, and the refusals a
 * secure platform must give.
 */
@ApplicationScoped
class DemoScenario {

    static final String DEMO_VIN = "LSVAU2180N2183294";
    static final String OTHER_VIN = "LFV2A21K5N3000002";

    private final GatewayClient gateway;
    private final ObjectMapper json;
    private final String keycloakUrl;
    private final TelematicsServiceBlockingStub telematics;
    private final RecommendationServiceBlockingStub recommendation;
    private final KeycloakTokens keycloak = KeycloakTokens.local();
    // a new owner every run, so the demo can run again and again against the same platform
    private final Random random = new Random();

    DemoScenario(@ConfigProperty(name = "chezhu.simulator.gateway-url") String gatewayUrl, ObjectMapper json,
            @ConfigProperty(name = "chezhu.simulator.keycloak-url") String keycloakUrl,
            @GrpcClient("telematics") TelematicsServiceBlockingStub telematics,
            @GrpcClient("recommendation") RecommendationServiceBlockingStub recommendation) {
        this.gateway = new GatewayClient(gatewayUrl, json);
        this.json = json;
        this.keycloakUrl = keycloakUrl;
        this.telematics = telematics;
        this.recommendation = recommendation;
    }

    Summary run() {
        Summary summary = new Summary();
        String partner = keycloak.clientToken("partner-app", "partner-app-secret");
        String dealer = keycloak.userToken("advisor.d001", "advisor");
        BearerTokenCredentials headUnit = new BearerTokenCredentials(keycloak.clientToken("head-unit", "head-unit-secret"));

        String personId = identity(summary, partner);
        for (String purpose : List.of("telemetry_collection", "personalisation", "marketing", "third_party_sharing")) {
            consent(partner, personId, purpose, "granted");
        }
        summary.add("identity-service", "the owner granted telemetry_collection, personalisation, marketing and "
                + "third_party_sharing (partner apps may read the car) in the app");
        telematics(summary, partner, headUnit);
        audio(summary, partner, headUnit, personId);
        loyalty(summary, partner, dealer, personId);
        consentEffects(summary, partner);
        refusals(summary, headUnit);
        return summary;
    }

    private void consent(String partner, String personId, String purpose, String state) {
        GatewayClient.Answer answer = gateway.post(partner, "/v1/persons/" + personId + "/consents",
                Map.of("purpose", purpose, "state", state, "source", "app"));
        if (!answer.ok()) {
            throw new IllegalStateException("consent " + purpose + " " + state + " refused: " + answer.status() + " "
                    + answer.body());
        }
    }

    /** Consent is enforced where the data arrives: a revoked grant stops the car's telemetry being stored. */
    private void consentEffects(Summary summary, String partner) {
        // a car of its own each run: a vehicle's consent is decided by all its owners, so an owner who
        // revoked in an earlier run would keep the car's telemetry off for good
        String vin = Population.vin(random);
        FleetProvisioner provisioner = new FleetProvisioner(keycloakUrl, json);
        provisioner.provision(List.of(vin));
        try {
            consentEffects(summary, partner, vin);
        } finally {
            provisioner.deprovision(List.of(vin));
        }
    }

    private void consentEffects(Summary summary, String partner, String vin) {
        BearerTokenCredentials otherUnit = new BearerTokenCredentials(
                keycloak.clientToken(FleetProvisioner.clientId(vin), FleetProvisioner.secret(vin)));
        TelematicsServiceBlockingStub unit = telematics.withCallCredentials(otherUnit);
        GatewayClient.Answer owner = gateway.post(partner, "/v1/observations", observation("app",
                List.of(id("app_account", "app-" + UUID.randomUUID())), Map.of(),
                List.of(Map.of("vin", vin, "role", "owner"))));
        String ownerId = owner.body().path("person").path("personId").asText();
        consent(partner, ownerId, "telemetry_collection", "granted");
        String session = "boot-" + UUID.randomUUID();
        long sequence = 0;
        AppendTelemetryResponse granted = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            granted = appendOne(unit, vin, session, ++sequence);
            if (granted.getConsent() == dev.chezhu.telematics.v1.ConsentOutcome.CONSENT_OUTCOME_GRANTED) {
                break;
            }
            pause();
        }
        consent(partner, ownerId, "telemetry_collection", "revoked");
        AppendTelemetryResponse revoked = null;
        long started = System.nanoTime();
        for (int attempt = 0; attempt < 30; attempt++) {
            revoked = appendOne(unit, vin, session, ++sequence);
            if (revoked.getConsent() == dev.chezhu.telematics.v1.ConsentOutcome.CONSENT_OUTCOME_NOT_GRANTED) {
                break;
            }
            pause();
        }
        summary.check("consent", granted.getStoredCount() == 1 && revoked.getStoredCount() == 0
                && revoked.getConsent() == dev.chezhu.telematics.v1.ConsentOutcome.CONSENT_OUTCOME_NOT_GRANTED,
                "owner of " + vin + " revoked telemetry_collection: the car's datapoints are acknowledged but "
                        + "no longer stored (took effect after " + (System.nanoTime() - started) / 1_000_000 + " ms)");
    }

    private static AppendTelemetryResponse appendOne(TelematicsServiceBlockingStub unit, String vin, String session,
            long sequence) {
        return unit.appendTelemetry(AppendTelemetryRequest.newBuilder()
                .setVehicle("vehicles/" + vin)
                .setBatch(TelemetryBatch.newBuilder().setSessionId(session).setSequence(sequence)
                        .addDatapoints(point("Vehicle.Speed", number(30), Instant.now())))
                .build());
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String identity(Summary summary, String partner) {
        String phone = "139" + String.format("%08d", random.nextInt(100_000_000));
        String union = "wx-union-" + UUID.randomUUID();
        List<Map<String, Object>> observations = List.of(
                observation("app", List.of(id("phone", phone), id("app_account", "app-" + phone)),
                        Map.of("given_name", "Wei", "city", "Shanghai"), List.of()),
                observation("mini_program", List.of(id("wechat_unionid", union), id("phone", "+86 " + phone)),
                        Map.of("interest_tags", "travel,pop_music"), List.of()),
                observation("dealer_crm:D001", List.of(id("phone", phone.substring(0, 3) + "-" + phone.substring(3)),
                        scoped("dealer_crm_id", "CRM-" + phone.substring(7), "D001")),
                        Map.of("given_name", "Wei", "family_name", "Li"),
                        List.of(Map.of("vin", DEMO_VIN, "role", "owner"))));
        Map<String, Integer> outcomes = new TreeMap<>();
        String personId = null;
        String firstKey = UUID.randomUUID().toString();
        for (int i = 0; i < observations.size(); i++) {
            GatewayClient.Answer answer = gateway.post(partner, "/v1/observations", observations.get(i),
                    i == 0 ? firstKey : UUID.randomUUID().toString());
            if (!answer.ok()) {
                summary.check("identity-service", false, "observation " + (i + 1) + " answered " + answer.status()
                        + " " + answer.body());
                continue;
            }
            outcomes.merge(answer.body().path("outcome").asText(), 1, Integer::sum);
            personId = answer.body().path("person").path("personId").asText();
        }
        GatewayClient.Answer replay = gateway.post(partner, "/v1/observations", observations.get(0), firstKey);
        summary.add("identity-service", observations.size() + " observations from app, mini-program and dealer CRM "
                + "-> outcomes " + outcomes);
        summary.check("identity-service", replay.replayed()
                && replay.body().path("person").path("personId").asText().equals(personId),
                "a retried observation (same Idempotency-Key) is replayed, not re-applied");
        GatewayClient.Answer person = gateway.get(partner, "/v1/persons/" + personId);
        summary.check("identity-service", person.ok() && person.body().path("identifiers").size() == 4
                && person.body().path("vehicles").size() == 1,
                "one person: phone (3 spellings, one identifier), app account, WeChat unionid, dealer CRM ID, "
                        + "and their car " + DEMO_VIN);
        return personId;
    }

    private void telematics(Summary summary, String partner, BearerTokenCredentials headUnit) {
        TelematicsServiceBlockingStub unit = telematics.withCallCredentials(headUnit);
        String session = "boot-" + UUID.randomUUID();
        long odometerMetres = 12_400_000L + random.nextInt(500_000);
        double soc = 86;
        int stored = 0;
        int rejected = 0;
        List<TelemetryBatch> batches = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(300);
        for (int sequence = 1; sequence <= 5; sequence++) {
            TelemetryBatch.Builder batch = TelemetryBatch.newBuilder().setSessionId(session).setSequence(sequence);
            for (int tick = 0; tick < 10; tick++) {
                Instant at = start.plusSeconds((sequence - 1) * 60L + tick * 6L);
                double speed = 40 + random.nextInt(60);
                odometerMetres += Math.round(speed / 3.6 * 6);
                soc = Math.round((soc - 0.05) * 100) / 100.0;
                batch.addDatapoints(point("Vehicle.Speed", number(speed), at));
                batch.addDatapoints(point("Vehicle.TraveledDistance", integer(odometerMetres), at));
                batch.addDatapoints(point("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", number(soc), at));
            }
            batch.addDatapoints(point("Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure", integer(235),
                    start.plusSeconds(sequence * 60L)));
            if (sequence == 4) {
                // a signal this platform does not know: rejected alone, the rest of the batch is stored
                batch.addDatapoints(point("Vehicle.Cabin.Teleporter.Charge", number(1), start.plusSeconds(240)));
            }
            batches.add(batch.build());
        }
        for (TelemetryBatch batch : batches) {
            AppendTelemetryResponse response = unit.appendTelemetry(AppendTelemetryRequest.newBuilder()
                    .setVehicle("vehicles/" + DEMO_VIN).setBatch(batch).build());
            stored += response.getStoredCount();
            rejected += response.getRejectedCount();
        }
        AppendTelemetryResponse resend = unit.appendTelemetry(AppendTelemetryRequest.newBuilder()
                .setVehicle("vehicles/" + DEMO_VIN).setBatch(batches.get(2)).build());
        summary.add("telematics-service", batches.size() + " batches streamed by the head unit of " + DEMO_VIN + ": "
                + stored + " datapoints stored, " + rejected + " rejected (unknown signal)");
        summary.check("telematics-service", resend.getDuplicate() && resend.getStoredCount() == 0,
                "a resent batch (reconnect) is acknowledged and stored once: ack seq " + resend.getAcknowledgedSequence());
        GatewayClient.Answer state = gateway.get(partner, "/v1/vehicles/" + DEMO_VIN + "/state");
        summary.check("telematics-service", state.ok() && state.body().path("signals").size() >= 4,
                "latest state via the gateway: " + describeState(state.body()));
    }

    private void audio(Summary summary, String partner, BearerTokenCredentials headUnit, String personId) {
        RecommendationServiceBlockingStub unit = recommendation.withCallCredentials(headUnit);
        ListeningContext commute = ListeningContext.newBuilder().setPlace(Place.PLACE_IN_CAR)
                .setDayPart(DayPart.DAY_PART_MORNING).setDrivingState(DrivingState.DRIVING_STATE_CITY).build();
        RecommendResponse first = unit.recommend(RecommendRequest.newBuilder().setVehicle("vehicles/" + DEMO_VIN)
                .setContext(commute).setCount(5).build());
        int events = 0;
        for (int i = 0; i < first.getRecommendationsCount(); i++) {
            boolean skipped = i % 3 == 2;
            unit.recordListeningEvent(RecordListeningEventRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setEvent(ListeningEvent.newBuilder()
                            .setVehicle("vehicles/" + DEMO_VIN)
                            .setPerson("persons/" + personId)
                            .setItem(first.getRecommendations(i).getItem().getName())
                            .setType(skipped ? ListeningEventType.LISTENING_EVENT_TYPE_SKIPPED
                                    : ListeningEventType.LISTENING_EVENT_TYPE_COMPLETED)
                            .setListened(Duration.newBuilder().setSeconds(skipped ? 12 : 900))
                            .setContext(commute)
                            .setEventTime(timestamp(Instant.now())))
                    .build());
            events++;
        }
        GatewayClient.Answer next = gateway.get(partner, "/v1/recommendations?vehicle=" + DEMO_VIN
                + "&place=in_car&dayPart=morning&drivingState=city&count=5");
        Map<String, Integer> reasons = new LinkedHashMap<>();
        next.body().path("recommendations").forEach(r -> reasons.merge(r.path("reasonCode").asText(), 1, Integer::sum));
        summary.add("recommendation-service", events + " listening events from the car (completed and skipped); "
                + "first list " + first.getRecommendationsCount() + " items (" + first.getModelVersion() + ")");
        summary.check("recommendation-service", next.ok() && next.body().path("recommendations").size() > 0,
                "recommendations via the gateway, reasons " + reasons);
    }

    private void loyalty(Summary summary, String partner, String dealer, String personId) {
        String visitKey = UUID.randomUUID().toString();
        Map<String, Object> visit = Map.of("points", 120, "reason", "SERVICE_VISIT", "sourceReference",
                "visits/D001-" + UUID.randomUUID());
        GatewayClient.Answer credited = gateway.post(dealer, "/v1/loyalty/accounts/" + personId + "/credits", visit,
                visitKey);
        GatewayClient.Answer retried = gateway.post(dealer, "/v1/loyalty/accounts/" + personId + "/credits", visit,
                visitKey);
        gateway.post(dealer, "/v1/loyalty/accounts/" + personId + "/credits",
                Map.of("points", 30, "reason", "REFERRAL", "sourceReference", "referrals/" + UUID.randomUUID()));
        GatewayClient.Answer account = gateway.get(partner, "/v1/loyalty/accounts/" + personId);
        summary.add("loyalty-service", "dealer D001 credited a service visit (120) and a referral (30)");
        summary.check("loyalty-service", credited.ok() && retried.replayed()
                && retried.body().path("entry").path("entryId").equals(credited.body().path("entry").path("entryId")),
                "the dealer's retried credit (same Idempotency-Key) credited once");
        summary.check("loyalty-service", account.body().path("balance").asLong() == 150,
                "balance read by the partner app: " + account.body().path("balance").asLong() + " points, tier "
                        + account.body().path("tier").asText());
    }

    private void refusals(Summary summary, BearerTokenCredentials headUnit) {
        GatewayClient.Answer anonymous = gateway.get(null, "/v1/persons/anyone");
        summary.check("gateway", anonymous.status() == 401, "no token -> 401 problem+json");
        String readOnly = keycloak.clientToken("partner-readonly", "partner-readonly-secret");
        GatewayClient.Answer scope = gateway.post(readOnly, "/v1/observations", Map.of());
        summary.check("gateway", scope.status() == 403 && "MISSING_SCOPE".equals(scope.body().path("reason").asText()),
                "partner without persons:write -> 403 " + scope.body().path("reason").asText());
        try {
            telematics.withCallCredentials(headUnit).appendTelemetry(AppendTelemetryRequest.newBuilder()
                    .setVehicle("vehicles/" + OTHER_VIN)
                    .setBatch(TelemetryBatch.newBuilder().setSessionId("x").setSequence(1)
                            .addDatapoints(point("Vehicle.Speed", number(10), Instant.now())))
                    .build());
            summary.check("telematics-service", false, "a head unit writing another car's VIN was accepted");
        } catch (StatusRuntimeException refused) {
            summary.check("telematics-service", refused.getStatus().getCode() == Status.Code.PERMISSION_DENIED,
                    "a head unit writing another car's VIN -> " + refused.getStatus().getCode());
        }
    }

    private static String describeState(JsonNode state) {
        List<String> parts = new ArrayList<>();
        state.path("signals").forEach(s -> {
            String name = s.path("signal").asText();
            parts.add(name.substring(name.lastIndexOf('.') + 1) + "=" + s.path("value").asText());
        });
        return parts.size() + " signals " + parts;
    }

    private static Map<String, Object> observation(String source, List<Map<String, String>> identifiers,
            Map<String, String> traits, List<Map<String, String>> vehicles) {
        return Map.of("source", source, "identifiers", identifiers, "traits", traits, "vehicles", vehicles);
    }

    private static Map<String, String> id(String type, String value) {
        return Map.of("type", type, "value", value);
    }

    private static Map<String, String> scoped(String type, String value, String scope) {
        return Map.of("type", type, "value", value, "scope", scope);
    }

    private static SignalValue number(double value) {
        return SignalValue.newBuilder().setDoubleValue(value).build();
    }

    private static SignalValue integer(long value) {
        return SignalValue.newBuilder().setIntValue(value).build();
    }

    private static Datapoint point(String signal, SignalValue value, Instant at) {
        return Datapoint.newBuilder().setSignal(signal).setValue(value).setObserveTime(timestamp(at)).build();
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }
}
