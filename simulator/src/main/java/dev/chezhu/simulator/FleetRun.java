package dev.chezhu.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import com.google.rpc.ErrorInfo;

import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.ConsentState;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.IdentifyPersonResponse;
import dev.chezhu.identity.v1.IdentityServiceGrpc;
import dev.chezhu.identity.v1.IgnoredIdentifier;
import dev.chezhu.identity.v1.RecordConsentRequest;
import dev.chezhu.identity.v1.RefusedMerge;
import dev.chezhu.identity.v1.VehicleRelationship;
import dev.chezhu.identity.v1.VehicleRole;
import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.Audience;
import dev.chezhu.loyalty.v1.Budget;
import dev.chezhu.loyalty.v1.BudgetEnforcement;
import dev.chezhu.loyalty.v1.Campaign;
import dev.chezhu.loyalty.v1.Coupon;
import dev.chezhu.loyalty.v1.CreateCampaignRequest;
import dev.chezhu.loyalty.v1.CreateOfferRuleRequest;
import dev.chezhu.loyalty.v1.Discount;
import dev.chezhu.loyalty.v1.DiscountKind;
import dev.chezhu.loyalty.v1.EarnPointsRequest;
import dev.chezhu.loyalty.v1.EarnPointsResponse;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.loyalty.v1.ListCouponsRequest;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc;
import dev.chezhu.loyalty.v1.OfferRule;
import dev.chezhu.loyalty.v1.OfferTrigger;
import dev.chezhu.loyalty.v1.RedeemCouponRequest;
import dev.chezhu.loyalty.v1.RedeemCouponResponse;
import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.recommendation.v1.DayPart;
import dev.chezhu.recommendation.v1.DrivingState;
import dev.chezhu.recommendation.v1.ListeningContext;
import dev.chezhu.recommendation.v1.ListeningEvent;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.Place;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.RecommendResponse;
import dev.chezhu.recommendation.v1.Recommendation;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc;
import dev.chezhu.recommendation.v1.RecordListeningEventRequest;
import dev.chezhu.telematics.v1.Alert;
import dev.chezhu.telematics.v1.AlertType;
import dev.chezhu.telematics.v1.ConsentOutcome;
import dev.chezhu.telematics.v1.Datapoint;
import dev.chezhu.telematics.v1.ListAlertsRequest;
import dev.chezhu.telematics.v1.RecordServiceVisitRequest;
import dev.chezhu.telematics.v1.ServicePart;
import dev.chezhu.telematics.v1.ServiceVisitInput;
import dev.chezhu.telematics.v1.ServiceWorkItem;
import dev.chezhu.telematics.v1.StreamTelemetryRequest;
import dev.chezhu.telematics.v1.StreamTelemetryResponse;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc;
import dev.chezhu.telematics.v1.TelemetryBatch;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;

/**
 * Plays a fleet against the running platform: owners met at several touchpoints, their consents,
 * cars streaming VSS telemetry over {@code StreamTelemetry}, listening in the car and at home, and
 * dealers redeeming the coupons loyalty offered and recording the service. Every figure it keeps
 * is an answer the platform gave ({@link FleetCounters}); what is refused or not wired yet is
 * counted as such, never filled in.
 */
@ApplicationScoped
class FleetRun {

    private static final Logger LOG = Logger.getLogger(FleetRun.class);
    static final String SERVICE_CAMPAIGN = "fleet-service-check";
    static final String LOUNGE_CAMPAIGN = "fleet-lounge-hour";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** How big, how long, how fast. {@code speedup}: simulated seconds per real second. */
    record Options(int vehicles, Duration duration, long seed, int speedup, int hz, String namespace) {
    }

    /** A finished run: its options, the owners it played and what the platform answered. */
    record Result(Options options, Population population, FleetCounters counters, Instant started,
            Duration elapsed, int streamingSeconds) {
    }

    private final Channel identityChannel;
    private final Channel telematicsChannel;
    private final Channel recommendationChannel;
    private final Channel loyaltyChannel;
    private final String keycloakUrl;
    private final ObjectMapper json;

    FleetRun(@GrpcClient("identity") Channel identity, @GrpcClient("telematics") Channel telematics,
            @GrpcClient("recommendation") Channel recommendation, @GrpcClient("loyalty") Channel loyalty,
            @ConfigProperty(name = "chezhu.simulator.keycloak-url") String keycloakUrl, ObjectMapper json) {
        this.identityChannel = identity;
        this.telematicsChannel = telematics;
        this.recommendationChannel = recommendation;
        this.loyaltyChannel = loyalty;
        this.keycloakUrl = keycloakUrl;
        this.json = json;
    }

    Result run(Options options) {
        return new Play(options).run();
    }

    /** One run's state: who is who, what was seen, and the threads playing it. */
    private final class Play {
        final Options options;
        final Population population;
        final FleetCounters counters;
        final Tokens tokens = new Tokens();
        final Map<Integer, String> personOf = new ConcurrentHashMap<>();
        final Map<Integer, SimulatedCar> cars = new ConcurrentHashMap<>();
        final Map<String, Instant> serviceDueRaised = new ConcurrentHashMap<>();
        final Map<String, Long> serviceDueSeenNanos = new ConcurrentHashMap<>();
        /** Per car, the simulated instant its first batch began: maps an observe time back to when it was sent. */
        final Map<String, Instant> simulatedStarts = new ConcurrentHashMap<>();
        /** Per car, when each batch (by index) was actually sent. */
        final Map<String, java.util.concurrent.atomic.AtomicReferenceArray<Instant>> sentTimes = new ConcurrentHashMap<>();
        final Set<String> alertsSeen = ConcurrentHashMap.newKeySet();
        final Set<String> couponsSeen = ConcurrentHashMap.newKeySet();
        final Set<Integer> visited = ConcurrentHashMap.newKeySet();
        final Map<Integer, String> tierBefore = new ConcurrentHashMap<>();
        final Random random;
        volatile boolean driving = true;
        Instant started;
        long deadlineNanos;

        Play(Options options) {
            this.options = options;
            this.population = Population.generate(options.vehicles(), options.seed(), options.namespace());
            this.counters = new FleetCounters((int) options.duration().toSeconds());
            this.random = new Random(options.seed() ^ 0x5DEECE66DL);
        }

        Result run() {
            long began = System.nanoTime();
            List<String> vins = population.owners.stream().map(Population.Owner::vin).toList();
            FleetProvisioner provisioner = new FleetProvisioner(keycloakUrl, json);
            LOG.infof("fleet: provisioning %d head units in Keycloak", vins.size());
            provisioner.provision(vins);
            try {
                setUpOffers();
                LOG.infof("fleet: owners arrive through the touchpoints");
                identify();
                consents();
                for (Population.Owner o : population.owners) {
                    cars.put(o.index(), new SimulatedCar(o.vin(), o.model(), options.seed() * 1000 + o.index(), o.car()));
                }
                play();
                account();
            } finally {
                provisioner.deprovision(vins);
            }
            return new Result(options, population, counters, started, Duration.ofNanos(System.nanoTime() - began),
                    (int) options.duration().toSeconds());
        }

        // ------------------------------------------------------------ the brand team's campaign

        /** The brand's service-due campaign: GOLD and PLATINUM members get a lounge hour, others 200 yuan off. */
        void setUpOffers() {
            var loyalty = LoyaltyServiceGrpc.newBlockingStub(loyaltyChannel)
                    .withCallCredentials(new BearerTokenCredentials(tokens.user("admin.platform", "admin")))
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            Instant now = Instant.now();
            createCampaign(loyalty, SERVICE_CAMPAIGN, "200 yuan off your next service",
                    Discount.newBuilder().setKind(DiscountKind.DISCOUNT_KIND_AMOUNT).setAmount(20_000).build(), now);
            createCampaign(loyalty, LOUNGE_CAMPAIGN, "A free lounge hour while we service your car",
                    Discount.newBuilder().setKind(DiscountKind.DISCOUNT_KIND_FREE_SERVICE_ITEM)
                            .setServiceItem("LOUNGE_HOUR").setItemValue(8_800).build(), now);
            createRule(loyalty, "fleet-service-due-gold", LOUNGE_CAMPAIGN, 1,
                    Audience.newBuilder().addTiers("GOLD").addTiers("PLATINUM").build());
            createRule(loyalty, "fleet-service-due", SERVICE_CAMPAIGN, 10, Audience.getDefaultInstance());
        }

        void createCampaign(LoyaltyServiceGrpc.LoyaltyServiceBlockingStub loyalty, String id, String title,
                Discount discount, Instant now) {
            try {
                loyalty.createCampaign(CreateCampaignRequest.newBuilder().setCampaignId(id).setRequestId("create-" + id)
                        .setCampaign(Campaign.newBuilder().setDisplayName(title).setDiscount(discount)
                                .setStartTime(timestamp(now.minus(Duration.ofDays(1))))
                                .setEndTime(timestamp(now.plus(Duration.ofDays(3650))))
                                .setCouponValidityDays(30).setPerPersonLimit(5)
                                .addDealerIds("D001").addDealerIds("D002")
                                .setBudget(Budget.newBuilder().setMaxCount(10_000_000).setMaxValue(1_000_000_000_000L)
                                        .setEnforcement(BudgetEnforcement.BUDGET_ENFORCEMENT_ISSUE)))
                        .build());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != io.grpc.Status.Code.ALREADY_EXISTS) {
                    counters.problem("loyalty CreateCampaign " + id + ": " + describe(e));
                }
            }
        }

        void createRule(LoyaltyServiceGrpc.LoyaltyServiceBlockingStub loyalty, String id, String campaign,
                int priority, Audience audience) {
            try {
                loyalty.createOfferRule(CreateOfferRuleRequest.newBuilder().setOfferRuleId(id).setRequestId("create-" + id)
                        .setOfferRule(OfferRule.newBuilder().setTrigger(OfferTrigger.OFFER_TRIGGER_SERVICE_DUE)
                                .setCampaign("campaigns/" + campaign).setAudience(audience).setPriority(priority)
                                .setMaxOffers(1).setCapWindowDays(30))
                        .build());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != io.grpc.Status.Code.ALREADY_EXISTS) {
                    counters.problem("loyalty CreateOfferRule " + id + ": " + describe(e));
                }
            }
        }

        // ------------------------------------------------------------ identity and consent

        void identify() {
            int n = 0;
            for (Population.Observation o : population.observations()) {
                IdentifyPersonRequest.Builder request = IdentifyPersonRequest.newBuilder()
                        .setRequestId("fleet-" + options.namespace() + "-" + n++)
                        .setSource(o.source()).putAllTraits(o.traits()).addAllInterestTags(o.interestTags());
                for (Population.Identifier id : o.identifiers()) {
                    request.addIdentifiersBuilder()
                            .setType(IdentifierType.valueOf("IDENTIFIER_TYPE_" + id.type().toUpperCase(Locale.ROOT)))
                            .setValue(id.value()).setScope(id.scope() == null ? "" : id.scope());
                }
                if (o.ownsVehicle()) {
                    request.addVehicles(VehicleRelationship.newBuilder().setVin(o.owner().vin())
                            .setRole(VehicleRole.VEHICLE_ROLE_OWNER).setModel(o.owner().model()));
                }
                counters.increment("identity.observations");
                counters.count("identity.touchpoints", o.touchpoint());
                try {
                    IdentifyPersonResponse answer = IdentityServiceGrpc.newBlockingStub(identityChannel)
                            .withCallCredentials(tokens.clientCredentials(o.caller()))
                            .withDeadlineAfter(10, TimeUnit.SECONDS).identifyPerson(request.build());
                    personOf.put(o.owner().index(), answer.getPerson().getPersonId());
                    counters.count("identity.outcomes", enumName(answer.getOutcome().name(), "RESOLUTION_OUTCOME_"));
                    for (IgnoredIdentifier ignored : answer.getIgnoredIdentifiersList()) {
                        counters.count("identity.ignored", enumName(ignored.getReason().name(), "GUARDRAIL_REASON_"));
                    }
                    for (RefusedMerge refused : answer.getRefusedMergesList()) {
                        counters.count("identity.refused_merges", enumName(refused.getReason().name(), "GUARDRAIL_REASON_"));
                    }
                    counters.add("identity.quarantined", answer.getQuarantinedIdentifierIndexesCount());
                } catch (StatusRuntimeException e) {
                    counters.count("identity.refused_observations", reason(e));
                }
            }
        }

        void consents() {
            var identity = IdentityServiceGrpc.newBlockingStub(identityChannel);
            for (Population.Owner o : population.owners) {
                String person = personOf.get(o.index());
                if (person == null) {
                    continue;
                }
                Map<ConsentPurpose, Boolean> decisions = Map.of(
                        ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION, o.consents().telemetry(),
                        ConsentPurpose.CONSENT_PURPOSE_PERSONALISATION, o.consents().personalisation(),
                        ConsentPurpose.CONSENT_PURPOSE_MARKETING, o.consents().marketing());
                decisions.forEach((purpose, granted) -> {
                    try {
                        identity.withCallCredentials(tokens.clientCredentials("partner-app"))
                                .withDeadlineAfter(10, TimeUnit.SECONDS)
                                .recordConsent(RecordConsentRequest.newBuilder()
                                        .setRequestId("fleet-" + options.namespace() + "-consent-" + o.index() + "-"
                                                + purpose.getNumber())
                                        .setPerson("persons/" + person).setPurpose(purpose)
                                        .setState(granted ? ConsentState.CONSENT_STATE_GRANTED
                                                : ConsentState.CONSENT_STATE_DENIED)
                                        .setSource("app").build());
                        counters.count(granted ? "consent.granted" : "consent.denied",
                                enumName(purpose.name(), "CONSENT_PURPOSE_"));
                    } catch (StatusRuntimeException e) {
                        counters.problem("identity RecordConsent: " + describe(e));
                    }
                });
            }
        }

        // ------------------------------------------------------------ the run

        void play() {
            int seconds = (int) options.duration().toSeconds();
            ExecutorService carThreads = Executors.newFixedThreadPool(population.owners.size());
            ScheduledExecutorService watchers = Executors.newScheduledThreadPool(3);
            started = Instant.now();
            long startNanos = System.nanoTime();
            counters.startClock();
            deadlineNanos = startNanos + options.duration().toNanos();
            LOG.infof("fleet: %d cars streaming for %d s (%d simulated seconds per second)", population.owners.size(),
                    seconds, options.speedup());
            for (Population.Owner o : population.owners) {
                carThreads.submit(() -> drive(o, startNanos));
            }
            watchers.scheduleWithFixedDelay(guard(this::watchAlertsAndOffers), 3, 3, TimeUnit.SECONDS);
            watchers.scheduleWithFixedDelay(guard(this::listen), 1, 1, TimeUnit.SECONDS);
            watchers.scheduleWithFixedDelay(guard(this::walkIns), Math.max(5, seconds / 2), 5, TimeUnit.SECONDS);
            carThreads.shutdown();
            try {
                carThreads.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
                driving = false;
                // offers and dealer visits that follow the last alerts still count: a short grace period
                Thread.sleep(Math.min(15_000, Math.max(6_000, seconds * 200L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            watchers.shutdown();
            try {
                watchers.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            watchAlertsAndOffers();
        }

        Runnable guard(Runnable task) {
            return () -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    counters.problem("simulator: " + e);
                }
            };
        }

        /** One car: a batch per real second covering {@code speedup} simulated seconds, over one stream. */
        void drive(Population.Owner owner, long startNanos) {
            SimulatedCar car = cars.get(owner.index());
            Instant simulatedStart = started.minus(options.duration().multipliedBy(options.speedup()));
            simulatedStarts.put(owner.vin(), simulatedStart);
            var sent = new java.util.concurrent.atomic.AtomicReferenceArray<Instant>(
                    (int) options.duration().toSeconds() + 1);
            sentTimes.put(owner.vin(), sent);
            Duration step = Duration.ofMillis(1000L / options.hz());
            int ticksPerBatch = options.speedup() * options.hz();
            String session = "fleet-" + options.namespace() + "-" + owner.index();
            TelemetryStream stream = null;
            long sequence = 0;
            Instant at = simulatedStart;
            for (int batch = 0; System.nanoTime() < deadlineNanos; batch++) {
                sleepUntil(startNanos + batch * 1_000_000_000L);
                if (System.nanoTime() >= deadlineNanos) {
                    break;
                }
                List<Datapoint> points = new ArrayList<>();
                synchronized (car) {
                    for (int tick = 0; tick < ticksPerBatch; tick++) {
                        at = at.plus(step);
                        points.addAll(car.advance(step, at));
                    }
                }
                if (batch < sent.length()) {
                    sent.set(batch, Instant.now());
                }
                StreamTelemetryRequest request = StreamTelemetryRequest.newBuilder().setVehicle("vehicles/" + owner.vin())
                        .setBatch(TelemetryBatch.newBuilder().setSessionId(session).setSequence(++sequence)
                                .addAllDatapoints(points))
                        .build();
                for (int attempt = 0; attempt < 2; attempt++) {
                    try {
                        if (stream == null) {
                            stream = new TelemetryStream(TelematicsServiceGrpc.newStub(telematicsChannel)
                                    .withCallCredentials(tokens.clientCredentials(FleetProvisioner.clientId(owner.vin()))));
                        }
                        StreamTelemetryResponse answer = stream.send(request);
                        counters.increment("telemetry.batches");
                        counters.add("telemetry.sent", points.size());
                        if (answer.hasError()) {
                            counters.count("telemetry.batch_errors", answer.getError().getMessage());
                        } else if (answer.getConsent() == ConsentOutcome.CONSENT_OUTCOME_NOT_GRANTED) {
                            counters.add("telemetry.withheld", points.size());
                            counters.count("telemetry.withheld_cars", owner.vin());
                        } else {
                            counters.stored(answer.getStoredCount());
                        }
                        answer.getRejectedList().forEach(r -> counters.count("telemetry.rejected", r.getReason()));
                        break;
                    } catch (StatusRuntimeException e) {
                        counters.count("telemetry.stream_ended", reason(e));
                        stream = null; // reconnect and resend the batch: telematics stores it once
                    } catch (RuntimeException e) {
                        counters.count("telemetry.stream_ended", e.getClass().getSimpleName());
                        stream = null;
                    }
                }
            }
            if (stream != null) {
                stream.close();
            }
        }

        /** Telematics' alerts for every car, loyalty's coupons for every owner whose car raised one. */
        void watchAlertsAndOffers() {
            var telematics = TelematicsServiceGrpc.newBlockingStub(telematicsChannel)
                    .withCallCredentials(tokens.clientCredentials("partner-app"));
            for (Population.Owner o : population.owners) {
                try {
                    for (Alert alert : telematics.withDeadlineAfter(5, TimeUnit.SECONDS).listAlerts(ListAlertsRequest
                            .newBuilder().setParent("vehicles/" + o.vin()).setPageSize(100).build()).getAlertsList()) {
                        if (alertsSeen.add(alert.getAlertId())) {
                            counters.count("alerts.by_type", enumName(alert.getType().name(), "ALERT_TYPE_"));
                            if (alert.getType() == AlertType.ALERT_TYPE_SERVICE_DUE) {
                                serviceDueRaised.putIfAbsent(o.vin(), sentAt(o.vin(), instant(alert.getRaiseTime())));
                                serviceDueSeenNanos.putIfAbsent(o.vin(), System.nanoTime());
                                counters.increment(o.consents().marketing() ? "alerts.service_due_marketing"
                                        : "alerts.service_due_no_marketing");
                            }
                        }
                    }
                } catch (StatusRuntimeException e) {
                    counters.problem("telematics ListAlerts: " + describe(e));
                }
            }
            var loyalty = LoyaltyServiceGrpc.newBlockingStub(loyaltyChannel)
                    .withCallCredentials(tokens.clientCredentials("partner-app"));
            for (Population.Owner o : population.owners) {
                String person = personOf.get(o.index());
                Instant raised = serviceDueRaised.get(o.vin());
                if (person == null || raised == null) {
                    continue;
                }
                try {
                    for (Coupon coupon : loyalty.withDeadlineAfter(5, TimeUnit.SECONDS).listCoupons(ListCouponsRequest
                            .newBuilder().setParent("accounts/" + person).setPageSize(50).build()).getCouponsList()) {
                        if (couponsSeen.add(coupon.getCode())) {
                            counters.increment("offers.made");
                            counters.count("offers.by_campaign", coupon.getDisplayName());
                            if (!o.consents().marketing()) {
                                counters.increment("offers.without_marketing_consent");
                            }
                            long millis = Duration.between(raised, instant(coupon.getIssueTime())).toMillis();
                            if (millis >= 0) {
                                counters.alertToOffer(millis);
                            }
                            if (driving || System.nanoTime() < deadlineNanos + 10_000_000_000L) {
                                dealerVisit(o, person, coupon);
                            }
                        }
                    }
                } catch (StatusRuntimeException e) {
                    counters.problem("loyalty ListCoupons: " + describe(e));
                }
            }
        }

        /**
         * When the batch holding a datapoint observed at {@code observed} was sent. Telematics raises an
         * alert at the observe time of the reading that crossed the threshold, which runs ahead of the
         * wall clock by {@code speedup}; the offer's latency counts from when that reading was sent to the platform.
         */
        Instant sentAt(String vin, Instant observed) {
            Instant simulatedStart = simulatedStarts.get(vin);
            if (simulatedStart == null || observed.isBefore(simulatedStart)) {
                return observed;
            }
            long batch = batchIndex(simulatedStart, observed, options.speedup());
            var sent = sentTimes.get(vin);
            Instant actual = sent != null && batch < sent.length() ? sent.get((int) batch) : null;
            return actual != null ? actual : started.plusSeconds(batch);
        }

        /**
         * Owners whose car is due and who got no coupon 25 s after the alert was seen book the service
         * anyway (loyalty retries a failed offer decision for a while; give it that chance first).
         */
        void walkIns() {
            if (System.nanoTime() > deadlineNanos + 10_000_000_000L) {
                return;
            }
            for (Population.Owner o : population.owners) {
                String person = personOf.get(o.index());
                Long seen = serviceDueSeenNanos.get(o.vin());
                if (person != null && seen != null && System.nanoTime() - seen > 25_000_000_000L
                        && !visited.contains(o.index())) {
                    dealerVisit(o, person, null);
                }
            }
        }

        /** At the owner's dealer: the coupon (if any) redeemed at the counter, the service recorded, points earned. */
        void dealerVisit(Population.Owner o, String person, Coupon coupon) {
            if (!visited.add(o.index())) {
                return;
            }
            String dealerClient = Population.crmClient(o.dealer());
            BearerTokenCredentials dealer = tokens.clientCredentials(dealerClient);
            var loyalty = LoyaltyServiceGrpc.newBlockingStub(loyaltyChannel).withCallCredentials(dealer);
            long billFen = o.billYuan() * 100;
            long discount = 0;
            String before = tier(person);
            if (coupon != null) {
                try {
                    RedeemCouponResponse redeemed = loyalty.withDeadlineAfter(10, TimeUnit.SECONDS).redeemCoupon(
                            RedeemCouponRequest.newBuilder().setCode(coupon.getCode()).setBillAmount(billFen)
                                    .setAccount("accounts/" + person).setRequestId("fleet-redeem-" + coupon.getCode())
                                    .build());
                    discount = redeemed.getRedemption().getDiscountAmount();
                    counters.increment("offers.redeemed");
                    counters.add("offers.discount_fen", discount);
                } catch (StatusRuntimeException e) {
                    counters.count("offers.redemption_refused", reason(e));
                }
            } else {
                counters.increment("visits.walk_in");
            }
            SimulatedCar car = cars.get(o.index());
            long odometerKm;
            synchronized (car) {
                odometerKm = car.odometerKm();
                car.serviced();
            }
            try {
                TelematicsServiceGrpc.newBlockingStub(telematicsChannel).withCallCredentials(dealer)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .recordServiceVisit(RecordServiceVisitRequest.newBuilder()
                                .setRequestId("fleet-visit-" + options.namespace() + "-" + o.index())
                                .setVehicle("vehicles/" + o.vin())
                                .setVisit(ServiceVisitInput.newBuilder().setVisitDate(LocalDate.now(SHANGHAI).toString())
                                        .setOdometerKm(odometerKm)
                                        .addWorkItems(ServiceWorkItem.newBuilder().setCode("SVC-ANNUAL")
                                                .setDescription("Annual service"))
                                        .addParts(ServicePart.newBuilder().setPartNumber("CABIN-FILTER-01")
                                                .setDescription("Cabin air filter").setQuantity(1))
                                        .setNotes(coupon == null ? "walk-in" : "coupon " + coupon.getDisplayName()))
                                .build());
                counters.increment("visits.recorded");
            } catch (StatusRuntimeException e) {
                counters.count("visits.refused", reason(e));
            }
            try {
                EarnPointsResponse earned = loyalty.withDeadlineAfter(10, TimeUnit.SECONDS).earnPoints(EarnPointsRequest
                        .newBuilder().setAccount("accounts/" + person).setReason("SERVICE_VISIT")
                        .setSpendAmount(Math.max(100, billFen - discount))
                        .setSourceReference("visits/" + o.dealer() + "-" + options.namespace() + "-" + o.index())
                        .setRequestId("fleet-earn-" + options.namespace() + "-" + o.index()).build());
                counters.add("points.earned", earned.getPoints());
            } catch (StatusRuntimeException e) {
                counters.count("points.refused", reason(e));
            }
            String after = tier(person);
            if (before != null && after != null && !before.equals(after)) {
                counters.count("points.tier_moves", before + " -> " + after);
            }
        }

        String tier(String person) {
            try {
                return LoyaltyServiceGrpc.newBlockingStub(loyaltyChannel)
                        .withCallCredentials(tokens.clientCredentials("partner-app"))
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getAccount(GetAccountRequest.newBuilder().setName("accounts/" + person).build()).getTier();
            } catch (StatusRuntimeException e) {
                counters.problem("loyalty GetAccount: " + describe(e));
                return null;
            }
        }

        /** One listening session a second, round the fleet: in the car when it is driving, else at home. */
        void listen() {
            if (!driving || System.nanoTime() > deadlineNanos) {
                return;
            }
            List<Population.Owner> owners = population.owners;
            Population.Owner o = owners.get(random.nextInt(owners.size()));
            String person = personOf.get(o.index());
            if (person == null) {
                return;
            }
            SimulatedCar car = cars.get(o.index());
            SimulatedCar.Mode mode;
            synchronized (car) {
                mode = car.mode();
            }
            boolean inCar = mode != SimulatedCar.Mode.PARKED;
            BearerTokenCredentials caller = tokens.clientCredentials(
                    inCar ? FleetProvisioner.clientId(o.vin()) : "partner-app");
            var recommendation = RecommendationServiceGrpc.newBlockingStub(recommendationChannel)
                    .withCallCredentials(caller);
            ListeningContext context = ListeningContext.newBuilder()
                    .setPlace(inCar ? Place.PLACE_IN_CAR : Place.PLACE_AT_HOME)
                    .setDayPart(dayPart())
                    .setDrivingState(!inCar ? DrivingState.DRIVING_STATE_UNSPECIFIED
                            : mode == SimulatedCar.Mode.HIGHWAY ? DrivingState.DRIVING_STATE_HIGHWAY
                                    : DrivingState.DRIVING_STATE_CITY)
                    .build();
            RecommendRequest.Builder ask = RecommendRequest.newBuilder().setPerson("persons/" + person)
                    .setContext(context).setCount(5);
            if (inCar) {
                ask.setVehicle("vehicles/" + o.vin());
            }
            counters.increment(inCar ? "audio.sessions_in_car" : "audio.sessions_at_home");
            try {
                RecommendResponse answer = recommendation.withDeadlineAfter(5, TimeUnit.SECONDS).recommend(ask.build());
                counters.add("audio.recommendations", answer.getRecommendationsCount());
                counters.increment(answer.getPersonalised() ? "audio.personalised" : "audio.not_personalised");
                if (!o.consents().personalisation()) {
                    counters.increment(answer.getPersonalised() ? "audio.personalised_without_consent"
                            : "audio.not_personalised_no_consent");
                }
                for (Recommendation r : answer.getRecommendationsList()) {
                    counters.count("audio.reasons", r.getReasonCode());
                }
                for (int i = 0; i < Math.min(3, answer.getRecommendationsCount()); i++) {
                    boolean skipped = random.nextDouble() < (inCar ? 0.3 : 0.2);
                    ListeningEvent.Builder event = ListeningEvent.newBuilder().setPerson("persons/" + person)
                            .setItem(answer.getRecommendations(i).getItem().getName())
                            .setType(skipped ? ListeningEventType.LISTENING_EVENT_TYPE_SKIPPED
                                    : ListeningEventType.LISTENING_EVENT_TYPE_COMPLETED)
                            .setListened(com.google.protobuf.Duration.newBuilder().setSeconds(skipped ? 15 : 600))
                            .setContext(context).setEventTime(timestamp(Instant.now()));
                    if (inCar) {
                        event.setVehicle("vehicles/" + o.vin());
                    }
                    recommendation.withDeadlineAfter(5, TimeUnit.SECONDS).recordListeningEvent(
                            RecordListeningEventRequest.newBuilder().setRequestId(
                                    "fleet-" + options.namespace() + "-" + o.index() + "-" + System.nanoTime())
                                    .setEvent(event).build());
                    counters.increment(skipped ? "audio.skipped" : "audio.completed");
                }
            } catch (StatusRuntimeException e) {
                counters.count("audio.refused", reason(e));
            }
        }

        /** After the run: how many persons the observations became, and where the loyalty accounts ended. */
        void account() {
            var identity = IdentityServiceGrpc.newBlockingStub(identityChannel)
                    .withCallCredentials(tokens.clientCredentials("partner-app"));
            var loyalty = LoyaltyServiceGrpc.newBlockingStub(loyaltyChannel)
                    .withCallCredentials(tokens.clientCredentials("partner-app"));
            Set<String> persons = new HashSet<>();
            for (String person : new HashSet<>(personOf.values())) {
                try {
                    persons.add(identity.withDeadlineAfter(5, TimeUnit.SECONDS)
                            .getPerson(GetPersonRequest.newBuilder().setName("persons/" + person).build()).getPersonId());
                } catch (StatusRuntimeException e) {
                    counters.problem("identity GetPerson: " + describe(e));
                }
            }
            counters.add("identity.persons", persons.size());
            for (String person : persons) {
                try {
                    Account account = loyalty.withDeadlineAfter(5, TimeUnit.SECONDS)
                            .getAccount(GetAccountRequest.newBuilder().setName("accounts/" + person).build());
                    counters.count("points.tiers", account.getTier().isEmpty() ? "STANDARD" : account.getTier());
                    counters.add("points.balance", account.getBalance());
                } catch (StatusRuntimeException e) {
                    counters.problem("loyalty GetAccount: " + describe(e));
                }
            }
        }

        DayPart dayPart() {
            int hour = java.time.LocalTime.now(SHANGHAI).getHour();
            return hour < 10 ? DayPart.DAY_PART_MORNING
                    : hour < 16 ? DayPart.DAY_PART_MIDDAY : hour < 21 ? DayPart.DAY_PART_EVENING : DayPart.DAY_PART_NIGHT;
        }
    }

    /** One head unit's StreamTelemetry: send a batch, wait for its durable acknowledgement. */
    static final class TelemetryStream implements StreamObserver<StreamTelemetryResponse> {
        private static final Object COMPLETED = new Object();
        private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        private final StreamObserver<StreamTelemetryRequest> requests;

        TelemetryStream(TelematicsServiceGrpc.TelematicsServiceStub stub) {
            this.requests = stub.streamTelemetry(this);
        }

        StreamTelemetryResponse send(StreamTelemetryRequest request) {
            requests.onNext(request);
            Object answer;
            try {
                answer = answers.poll(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            if (answer instanceof StreamTelemetryResponse response) {
                return response;
            }
            if (answer instanceof StatusRuntimeException e) {
                throw e;
            }
            if (answer instanceof Throwable t) {
                throw io.grpc.Status.fromThrowable(t).asRuntimeException();
            }
            throw new IllegalStateException(answer == null ? "no acknowledgement within 30 s" : "stream completed");
        }

        void close() {
            try {
                requests.onCompleted();
            } catch (RuntimeException ignored) {
                // the stream had already ended
            }
        }

        @Override
        public void onNext(StreamTelemetryResponse value) {
            answers.add(value);
        }

        @Override
        public void onError(Throwable t) {
            answers.add(t instanceof StatusRuntimeException ? t : io.grpc.Status.fromThrowable(t).asRuntimeException());
        }

        @Override
        public void onCompleted() {
            answers.add(COMPLETED);
        }
    }

    /**
     * The batch (0, 1, ...) holding a reading observed at {@code observed}: batch k carries the
     * readings of {@code (start + k * speedup s, start + (k + 1) * speedup s]}.
     */
    static long batchIndex(Instant simulatedStart, Instant observed, int speedup) {
        return Math.max(0, (Duration.between(simulatedStart, observed).toMillis() - 1) / (speedup * 1000L));
    }

    static String enumName(String name, String prefix) {
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    /** {@code CODE REASON} of a refusal (the google.rpc.ErrorInfo reason when there is one). */
    static String reason(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status != null) {
            for (com.google.protobuf.Any detail : status.getDetailsList()) {
                if (detail.is(ErrorInfo.class)) {
                    try {
                        return e.getStatus().getCode() + " " + detail.unpack(ErrorInfo.class).getReason();
                    } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                        // fall through to the code alone
                    }
                }
            }
        }
        return e.getStatus().getCode().toString();
    }

    static String describe(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return reason(e) + (description == null ? "" : " (" + description + ")");
    }

    private static void sleepUntil(long nanos) {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
