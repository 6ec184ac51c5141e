package dev.chezhu.identity.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.chezhu.identity.domain.Guardrails;
import dev.chezhu.identity.domain.IdentifierNormalizer;
import dev.chezhu.identity.domain.JunkFilter;
import dev.chezhu.identity.domain.Leads;
import dev.chezhu.identity.domain.LifecycleRules;
import dev.chezhu.identity.domain.ObservationValidator;
import dev.chezhu.identity.domain.ResolutionPlanner;
import dev.chezhu.identity.domain.TraitSurvivorship;

/** Wires the pure domain helpers with their configuration. */
public class IdentityConfig {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    IdentifierNormalizer identifierNormalizer(@ConfigProperty(name = "chezhu.identity.face-token-key") String key) {
        return new IdentifierNormalizer(key);
    }

    @Produces
    @Singleton
    Guardrails guardrails(GuardrailSettings settings) {
        return new Guardrails(new JunkFilter(settings.blockedValues(), settings.blockedPatterns()), settings.limits(),
                settings.priorities(), settings.quarantineAfterPersons());
    }

    @Produces
    @Singleton
    ObservationValidator observationValidator(IdentifierNormalizer normalizer, Guardrails guardrails, Clock clock) {
        return new ObservationValidator(normalizer, guardrails, clock);
    }

    @Produces
    @Singleton
    ResolutionPlanner resolutionPlanner(Guardrails guardrails) {
        return new ResolutionPlanner(guardrails);
    }

    @Produces
    @Singleton
    TraitSurvivorship traitSurvivorship(SurvivorshipSettings settings) {
        return new TraitSurvivorship(settings.sourcePriority(), settings.traitSourcePriority());
    }

    @Produces
    @Singleton
    LifecycleRules lifecycleRules(LifecycleSettings settings) {
        return new LifecycleRules(settings.churnAfter(), settings.loyalWindow(), settings.loyalMinVisits(),
                settings.advocateWindow(), settings.advocateMinActions(), settings.loyaltyTiers(), settings.loyalFromTier());
    }

    @Produces
    @Singleton
    Leads.Settings leadSettings(LeadSettings settings) {
        return new Leads.Settings(settings.contactWindow(), settings.defaultDealer());
    }
}
