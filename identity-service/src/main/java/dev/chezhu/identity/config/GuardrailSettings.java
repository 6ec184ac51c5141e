package dev.chezhu.identity.config;

import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code chezhu.identity.guardrails.*}: junk values, per-type limits and priorities, quarantine threshold. */
@ConfigMapping(prefix = "chezhu.identity.guardrails")
public interface GuardrailSettings {

    /** Placeholders blocked for every type, or {@code kind:value} for one type. */
    List<String> blockedValues();

    /** Regular expressions on normalised values, per kind ({@code any} for every kind). */
    Map<String, List<String>> blockedPatterns();

    /** Per kind: how many values one person may have (per scope for scoped kinds). */
    Map<String, Integer> limits();

    /** Per kind: higher wins when identifiers of one observation point at different people. */
    Map<String, Integer> priorities();

    /** An identifier seen with this many persons besides its owner is quarantined as shared. */
    @WithDefault("2")
    int quarantineAfterPersons();
}
