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

    /** How long a listener's preference and context history lives in Redis after their last event. */
    @WithDefault("P180D")
    Duration historyTtl();

    /** A drive: skips demote an item and its neighbours until this long after the last skip. */
    @WithDefault("PT2H")
    Duration driveSessionTtl();

    /** How often a replica looks for a newer model or catalogue in Redis (0: on every request). */
    @WithDefault("PT1S")
    Duration servingRefresh();

    /** How often the scheduled training runs ({@code off} disables it), and its first delay. */
    @WithDefault("15m")
    String trainingEvery();

    @WithDefault("30s")
    String trainingDelay();

    /** Training: the window of events learned from, and at most how many of the newest. */
    @WithDefault("P180D")
    Duration trainingWindow();

    @WithDefault("2000000")
    int trainingMaxEvents();

    /** How long identity answers are cached: consent briefly, profiles longer. */
    @WithDefault("PT60S")
    Duration consentCacheTtl();

    @WithDefault("PT10M")
    Duration profileCacheTtl();
}
