package dev.chezhu.loyalty.domain;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resource names other than accounts: entries, pending points, campaigns, coupons, rules, merges, vehicles. */
public final class Names {

    public static final String CAMPAIGNS = "campaigns/";
    public static final String COUPONS = "coupons/";
    public static final String OFFER_RULES = "offerRules/";
    public static final String MERGES = "merges/";
    public static final String VEHICLES = "vehicles/";
    public static final Pattern RESOURCE_ID = Pattern.compile("^[a-z0-9-]{3,63}$");
    public static final Pattern CODE = Pattern.compile("^[A-Z0-9-]{8,64}$");
    public static final Pattern VIN = Pattern.compile("^[A-HJ-NPR-Z0-9]{17}$");
    public static final Pattern MERGE_ID = Pattern.compile("^[\\x21-\\x7e]{1,128}$");
    private static final Pattern ENTRY = Pattern.compile("^accounts/([A-Za-z0-9-]{1,64})/entries/([0-9a-f-]{36})$");
    private static final Pattern REDEMPTION = Pattern.compile("^coupons/([A-Z0-9-]{8,64})/redemptions/([0-9a-f-]{36})$");

    private Names() {
    }

    public static String entry(String personId, UUID entryId) {
        return AccountName.of(personId) + "/entries/" + entryId;
    }

    public static String pending(String personId, UUID pendingId) {
        return AccountName.of(personId) + "/pendingPoints/" + pendingId;
    }

    public static String campaign(String campaignId) {
        return CAMPAIGNS + campaignId;
    }

    public static String coupon(String code) {
        return COUPONS + code;
    }

    public static String redemption(String code, UUID redemptionId) {
        return COUPONS + code + "/redemptions/" + redemptionId;
    }

    public static String offerRule(String id) {
        return OFFER_RULES + id;
    }

    public static String merge(String mergeId) {
        return MERGES + mergeId;
    }

    /** The entry ID (and its person) in {@code accounts/{person}/entries/{uuid}}. */
    public static Optional<EntryRef> entryRef(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = ENTRY.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new EntryRef(m.group(1), UUID.fromString(m.group(2))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public record EntryRef(String personId, UUID entryId) {
    }

    /** The code and redemption ID in {@code coupons/{code}/redemptions/{uuid}}. */
    public static Optional<RedemptionRef> redemptionRef(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = REDEMPTION.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RedemptionRef(m.group(1), UUID.fromString(m.group(2))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public record RedemptionRef(String code, UUID redemptionId) {
    }

    /** The ID in {@code prefix + id} when it is a well-formed resource ID. */
    public static Optional<String> id(String name, String prefix) {
        if (name == null || !name.startsWith(prefix)) {
            return Optional.empty();
        }
        String id = name.substring(prefix.length());
        return RESOURCE_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    /** The VIN of {@code vehicles/{vin}}, upper-cased. */
    public static Optional<String> vin(String name) {
        if (name == null || !name.startsWith(VEHICLES)) {
            return Optional.empty();
        }
        String vin = name.substring(VEHICLES.length()).toUpperCase(java.util.Locale.ROOT);
        return VIN.matcher(vin).matches() ? Optional.of(vin) : Optional.empty();
    }

    /** A coupon code as typed or scanned: trimmed and upper-cased; empty when it cannot be a code. */
    public static Optional<String> code(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String code = typed.strip().toUpperCase(java.util.Locale.ROOT);
        if (code.startsWith(COUPONS.toUpperCase(java.util.Locale.ROOT))) {
            code = code.substring(COUPONS.length());
        }
        return CODE.matcher(code).matches() ? Optional.of(code) : Optional.empty();
    }
}
