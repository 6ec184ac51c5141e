package dev.chezhu.identity.config;

import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** {@code chezhu.identity.survivorship.*}: source trust per trait. */
@ConfigMapping(prefix = "chezhu.identity.survivorship")
public interface SurvivorshipSettings {

    /** Source families, most trusted first. */
    List<String> sourcePriority();

    /** Per trait key, its own order of source families. */
    Map<String, List<String>> traitSourcePriority();
}
