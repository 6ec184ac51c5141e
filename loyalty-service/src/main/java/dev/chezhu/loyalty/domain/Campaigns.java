package dev.chezhu.loyalty.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.domain.CampaignModel.Campaign;
import dev.chezhu.loyalty.domain.CampaignModel.CampaignCommand;
import dev.chezhu.loyalty.domain.CampaignModel.CampaignSpec;
import dev.chezhu.loyalty.persistence.CampaignStore;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Coupon campaigns: created by the platform team, read by those who publish or redeem their coupons. */
@ApplicationScoped
public class Campaigns {

    private final CampaignValidator validator;
    private final CampaignStore store;
    private final Requests requests;
    private final Clock clock;

    public Campaigns(CampaignValidator validator, CampaignStore store, Requests requests, Clock clock) {
        this.validator = validator;
        this.store = store;
        this.requests = requests;
        this.clock = clock;
    }

    public record Created(Campaign campaign, boolean replayed) {
    }

    public record CampaignPage(List<Campaign> campaigns, String nextPageToken) {
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Validates everything before any write; creates the campaign (ACTIVE) in one transaction. */
    @WithSpan("Campaigns.create")
    @WithTransaction
    public Uni<Created> create(CampaignCommand command, Caller caller) {
        Instant now = now();
        CampaignSpec spec = validator.validate(command, now);
        Actor actor = Actor.of(caller);
        String id = spec.campaignId() != null ? spec.campaignId() : "c-" + UUID.randomUUID().toString().substring(0, 18);
        Span.current().setAttribute("loyalty.campaign_id", id);
        String fingerprint = Fingerprint.of("CreateCampaign", spec.campaignId(), spec.displayName(), spec.discount(),
                spec.startAt(), spec.endAt(), spec.couponValidityDays(), spec.audience(), spec.budgetCount(),
                spec.budgetValue(), spec.enforcement(), spec.perPersonLimit(), spec.dealerIds(), spec.codePattern());
        return requests.claim(spec.requestId(), "CreateCampaign", fingerprint, actor, now).flatMap(replay -> {
            if (replay.isPresent()) {
                return store.find(replay.get().substring("campaign:".length()))
                        .map(found -> new Created(found.orElseThrow(), true));
            }
            return store.insert(id, spec, actor.clientId(), actor.subject(), now).flatMap(inserted -> {
                if (!inserted) {
                    throw ServiceException.alreadyExists("CAMPAIGN_EXISTS", Names.campaign(id) + " exists already");
                }
                return requests.complete(spec.requestId(), "campaign:" + id)
                        .flatMap(v -> store.find(id))
                        .map(found -> new Created(found.orElseThrow(), false));
            });
        });
    }

    @WithSpan("Campaigns.get")
    @WithSession
    public Uni<Campaign> get(String name, Caller caller) {
        String id = Names.id(name, Names.CAMPAIGNS).orElseThrow(() -> ServiceException.invalidField("name",
                "must be campaigns/{campaign_id}"));
        return store.find(id).map(found -> {
            Campaign campaign = found.orElseThrow(() -> ServiceException.notFound("CAMPAIGN_NOT_FOUND", name));
            if (caller.isDealer() && !campaign.redeemableAt(Redemptions.dealer(caller))) {
                throw ServiceException.permissionDenied("DEALER_NOT_ALLOWED",
                        "the campaign's coupons are not redeemable at this dealer");
            }
            return campaign;
        });
    }

    @WithSpan("Campaigns.list")
    @WithSession
    public Uni<CampaignPage> list(int pageSize, String pageToken, Caller caller) {
        int size = PageToken.size(pageSize);
        String position = PageToken.decode("campaigns", pageToken);
        Instant afterCreated = null;
        String afterId = null;
        if (position != null) {
            String[] parts = position.split(" ", 2);
            try {
                afterCreated = Instant.parse(parts[0]);
                afterId = parts[1];
            } catch (RuntimeException e) {
                throw ServiceException.invalidField("page_token", "not a page token of this list");
            }
        }
        String dealer = caller.isDealer() ? Redemptions.dealer(caller) : null;
        return store.page(afterCreated, afterId, dealer, size + 1).map(rows -> {
            List<Campaign> page = rows.size() > size ? rows.subList(0, size) : rows;
            String next = rows.size() > size ? PageToken.encode("campaigns",
                    page.get(page.size() - 1).createdAt() + " " + page.get(page.size() - 1).campaignId()) : "";
            return new CampaignPage(page, next);
        });
    }
}
