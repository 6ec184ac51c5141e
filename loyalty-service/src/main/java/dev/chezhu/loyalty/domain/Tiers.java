package dev.chezhu.loyalty.domain;

/** Tier codes. Only the entry tier exists until tier rules are introduced. */
public final class Tiers {

    public static final String STANDARD = "STANDARD";

    private Tiers() {
    }
}
