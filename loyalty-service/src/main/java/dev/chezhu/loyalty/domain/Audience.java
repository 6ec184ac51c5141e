package dev.chezhu.loyalty.domain;

import java.util.List;
import java.util.Set;

/**
 * Who a campaign or an offer rule is for. Every non-empty list must match (any of its values, case
 * sensitive codes); an empty audience is everyone.
 */
public record Audience(List<String> lifecycleStages, List<String> tags, List<String> vehicleModels, List<String> tiers) {

    public static final Audience EVERYONE = new Audience(List.of(), List.of(), List.of(), List.of());

    /** True when matching needs the person's profile from the identity service (not just the tier). */
    public boolean needsProfile() {
        return !lifecycleStages.isEmpty() || !tags.isEmpty() || !vehicleModels.isEmpty();
    }

    public boolean matches(Profile profile, String tier) {
        return (lifecycleStages.isEmpty() || lifecycleStages.contains(profile.lifecycleStage()))
                && (tags.isEmpty() || intersects(tags, profile.tags()))
                && (vehicleModels.isEmpty() || intersects(vehicleModels, profile.vehicleModels()))
                && (tiers.isEmpty() || tiers.contains(tier));
    }

    private static boolean intersects(List<String> wanted, Set<String> has) {
        return wanted.stream().anyMatch(has::contains);
    }

    /** Which part of the audience a person misses, for the refusal message. */
    public String mismatch(Profile profile, String tier) {
        if (!lifecycleStages.isEmpty() && !lifecycleStages.contains(profile.lifecycleStage())) {
            return "lifecycle stage not in " + lifecycleStages;
        }
        if (!tags.isEmpty() && !intersects(tags, profile.tags())) {
            return "no tag of " + tags;
        }
        if (!vehicleModels.isEmpty() && !intersects(vehicleModels, profile.vehicleModels())) {
            return "no vehicle of model " + vehicleModels;
        }
        if (!tiers.isEmpty() && !tiers.contains(tier)) {
            return "tier " + tier + " not in " + tiers;
        }
        return "";
    }
}
