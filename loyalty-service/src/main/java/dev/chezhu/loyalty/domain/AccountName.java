package dev.chezhu.loyalty.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** Resource names of accounts: {@code accounts/{person_id}}, the person ID of the identity service. */
public final class AccountName {

    public static final String PREFIX = "accounts/";
    public static final String DESCRIPTION = "must be accounts/{person_id}, person_id 1-64 characters of [A-Za-z0-9-]";
    private static final Pattern PERSON_ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");

    private AccountName() {
    }

    /** The person ID in a well-formed account name. */
    public static Optional<String> personId(String name) {
        if (name == null || !name.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String id = name.substring(PREFIX.length());
        return PERSON_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    public static String of(String personId) {
        return PREFIX + personId;
    }
}
