package dev.chezhu.recommendation.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings under {@code chezhu.recommendation}. */
@ConfigMapping(prefix = "chezhu.recommendation")
public interface RecommendationConfig {

    /** How many distinct recent plays are kept per listener key. */
    @WithDefault("50")
    int recentPlays();

    /** How long a listener's recent plays live after their last event. */
    @WithDefault("P30D")
    Duration recentPlaysTtl();

    /** How long Redis remembers that an event was applied, so a retried projection counts once. */
    @WithDefault("P7D")
    Duration projectionGuardTtl();
}
