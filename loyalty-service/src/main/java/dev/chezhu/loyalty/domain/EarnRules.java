package dev.chezhu.loyalty.domain;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The earning rules, one per reason that can be earned through EarnPoints. */
public final class EarnRules {

    private final Map<CreditReason, EarnRule> rules;

    public EarnRules(Iterable<EarnRule> rules) {
        this.rules = new EnumMap<>(CreditReason.class);
        rules.forEach(rule -> this.rules.put(rule.reason(), rule));
    }

    public Optional<EarnRule> rule(CreditReason reason) {
        return Optional.ofNullable(rules.get(reason));
    }

    public String reasons() {
        return String.join(", ", rules.keySet().stream().map(Enum::name).toList());
    }
}
