package dev.chezhu.loyalty.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.domain.OfferModel.Decided;
import dev.chezhu.loyalty.domain.OfferModel.OfferRule;
import dev.chezhu.loyalty.domain.OfferModel.OfferRuleCommand;
import dev.chezhu.loyalty.domain.OfferModel.Trigger;
import dev.chezhu.loyalty.persistence.CampaignStore;
import dev.chezhu.loyalty.persistence.OfferStore;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Triggered, personal offers. An event about a person (their car is due for service, they waited too
 * long, a recall) is matched against the offer rules of its trigger in priority order: the first
 * rule whose audience fits THIS person's profile and tier (and whose campaign can still publish)
 * gives them a coupon, so one person gets a discount and another a free service item. Only with
 * marketing consent, and at most max_offers per trigger and person within the rule's window.
 */
@ApplicationScoped
public class Offers {

    /** Who makes offers from events (no caller token behind them). */
    public static final Actor SYSTEM = new Actor("loyalty-service", "offer-rules", Optional.empty());

    private final OfferStore store;
    private final CampaignStore campaigns;
    private final OfferSteps steps;
    private final Viewer viewer;
    private final ConsentGate consent;
    private final Requests requests;
    private final Clock clock;

    public Offers(OfferStore store, CampaignStore campaigns, OfferSteps steps, Viewer viewer, ConsentGate consent,
            Requests requests, Clock clock) {
        this.store = store;
        this.campaigns = campaigns;
        this.steps = steps;
        this.viewer = viewer;
        this.consent = consent;
        this.requests = requests;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public record RuleCreated(OfferRule rule, boolean replayed) {
    }

    public record RulePage(List<OfferRule> rules, String nextPageToken) {
    }

    @WithSpan("Offers.createRule")
    @WithTransaction
    public Uni<RuleCreated> createRule(OfferRuleCommand c, Caller caller) {
        Violations v = new Violations();
        String id = c.offerRuleId() == null || c.offerRuleId().isEmpty() ? null : c.offerRuleId();
        v.require(id == null || Names.RESOURCE_ID.matcher(id).matches(), "offer_rule_id", "3-63 characters of [a-z0-9-]");
        v.require(c.trigger() != null, "offer_rule.trigger", "required: SERVICE_DUE, LONG_WAIT, RECALL or DELAY");
        Optional<String> campaignId = Names.id(c.campaign(), Names.CAMPAIGNS);
        v.require(campaignId.isPresent(), "offer_rule.campaign", "must be campaigns/{campaign_id}");
        Audience audience = c.audience() == null ? Audience.EVERYONE : c.audience();
        CampaignValidator.codes("offer_rule.audience.lifecycle_stages", audience.lifecycleStages(), 50, v);
        CampaignValidator.codes("offer_rule.audience.tags", audience.tags(), 50, v);
        CampaignValidator.codes("offer_rule.audience.vehicle_models", audience.vehicleModels(), 50, v);
        CampaignValidator.codes("offer_rule.audience.tiers", audience.tiers(), 50, v);
        v.require(c.priority() >= 0 && c.priority() <= 1_000_000, "offer_rule.priority", "0 to 1000000, lower first");
        v.require(c.maxOffers() >= 1 && c.maxOffers() <= 100, "offer_rule.max_offers", "1 to 100");
        v.require(c.capWindowDays() >= 1 && c.capWindowDays() <= 3650, "offer_rule.cap_window_days", "1 to 3650");
        v.require(PointsValidator.requestId(c.requestId()), "request_id", PointsValidator.REQUEST_DESCRIPTION);
        v.throwIfAny("INVALID_OFFER_RULE");
        Instant now = now();
        String ruleId = id != null ? id : "r-" + UUID.randomUUID().toString().substring(0, 18);
        OfferRule rule = new OfferRule(ruleId, c.trigger(), campaignId.get(), audience, c.priority(), c.maxOffers(),
                c.capWindowDays(), now);
        String fingerprint = Fingerprint.of("CreateOfferRule", id, c.trigger(), campaignId.get(), audience, c.priority(),
                c.maxOffers(), c.capWindowDays());
        Actor actor = Actor.of(caller);
        return requests.claim(c.requestId(), "CreateOfferRule", fingerprint, actor, now).flatMap(replay -> {
            if (replay.isPresent()) {
                return store.find(replay.get().substring("rule:".length()))
                        .map(found -> new RuleCreated(found.orElseThrow(), true));
            }
            return campaigns.find(campaignId.get()).flatMap(campaign -> {
                if (campaign.isEmpty()) {
                    throw ServiceException.notFound("CAMPAIGN_NOT_FOUND", c.campaign());
                }
                return store.insert(rule);
            }).flatMap(inserted -> {
                if (!inserted) {
                    throw ServiceException.alreadyExists("OFFER_RULE_EXISTS", Names.offerRule(ruleId) + " exists already");
                }
                return requests.complete(c.requestId(), "rule:" + ruleId).replaceWith(new RuleCreated(rule, false));
            });
        });
    }

    @WithSpan("Offers.listRules")
    @WithSession
    public Uni<RulePage> listRules(Trigger trigger, int pageSize, String pageToken) {
        int size = PageToken.size(pageSize);
        String position = PageToken.decode("rules", pageToken);
        int offset;
        try {
            offset = position == null ? 0 : Integer.parseInt(position);
        } catch (NumberFormatException e) {
            throw ServiceException.invalidField("page_token", "not a page token of this list");
        }
        return store.rules(trigger, offset, size + 1).map(rows -> new RulePage(
                rows.size() > size ? rows.subList(0, size) : rows,
                rows.size() > size ? PageToken.encode("rules", Integer.toString(offset + size)) : ""));
    }

    /** ReportExperience: a bad experience of a person, reported by a dealer, a service or the platform team. */
    public Uni<Decided> reportExperience(String account, Trigger trigger, String sourceReference, String requestId,
            Caller caller) {
        Violations v = new Violations();
        Optional<String> personId = AccountName.personId(account);
        v.require(personId.isPresent(), "account", AccountName.DESCRIPTION);
        v.require(trigger != null && trigger != Trigger.SERVICE_DUE, "trigger",
                "required: LONG_WAIT, RECALL or DELAY (SERVICE_DUE comes from telemetry)");
        v.require(PointsValidator.sourceReference(sourceReference), "source_reference", PointsValidator.SOURCE_DESCRIPTION);
        v.require(PointsValidator.requestId(requestId), "request_id", PointsValidator.REQUEST_DESCRIPTION);
        if (!v.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalidArgument("INVALID_EXPERIENCE", v.list()));
        }
        return decide(personId.get(), trigger, sourceReference, requestId, Actor.of(caller));
    }

    /**
     * A telemetry alert says a vehicle is due for service: a maintenance offer to its owner. Idempotent
     * by alert ID (a redelivered event decides once). Empty when identity knows no owner.
     */
    @WithSpan("Offers.onServiceDue")
    public Uni<Optional<Decided>> onServiceDue(String alertId, String vin) {
        return viewer.owner(vin).map(Optional::of)
                .onFailure(ServiceException.class).recoverWithUni(f -> "VEHICLE_OWNER_NOT_FOUND"
                        .equals(((ServiceException) f).reason()) ? Uni.createFrom().item(Optional.<String> empty())
                                : Uni.createFrom().failure(f))
                .flatMap(owner -> owner.isEmpty() ? Uni.createFrom().item(Optional.<Decided> empty())
                        : decide(owner.get(), Trigger.SERVICE_DUE, "alerts/" + alertId, "alert " + alertId, SYSTEM)
                                .map(Optional::of));
    }

    /**
     * Consent and profile come from identity first (outside the transaction); then one transaction
     * decides under the person's account lock, so two events at once cannot both pass the cap.
     */
    public Uni<Decided> decide(String personId, Trigger trigger, String sourceReference, String requestKey,
            Actor actor) {
        Instant now = now();
        return consent.check(personId, ConsentGate.MARKETING)
                .onFailure(f -> !(f instanceof ServiceException)).transform(Viewer::identityUnavailable)
                .flatMap(granted -> viewer.profile(personId)
                        .flatMap(profile -> steps.decide(personId, trigger, sourceReference, requestKey, actor, granted,
                                profile, now)));
    }

    static Duration window(OfferRule rule) {
        return Duration.ofDays(rule.capWindowDays());
    }
}
