package dev.chezhu.loyalty.domain;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.chezhu.platform.error.Violations;

/** Checks a whole credit and reports every problem at once; nothing is written for an invalid one. */
public final class CreditValidator {

    public static final long MAX_POINTS = 1_000_000;
    private static final Pattern REQUEST_ID = Pattern.compile("^[\\x21-\\x7e]{1,128}$");
    private static final Pattern SOURCE_REFERENCE = Pattern.compile("^[\\x21-\\x7e]{1,256}$");
    private static final String REASONS = Arrays.stream(CreditReason.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    public Credit validate(CreditCommand command) {
        Violations violations = new Violations();
        Optional<String> personId = AccountName.personId(command.account());
        violations.require(personId.isPresent(), "account", AccountName.DESCRIPTION);
        violations.require(command.points() >= 1 && command.points() <= MAX_POINTS, "points",
                "must be between 1 and " + MAX_POINTS);
        Optional<CreditReason> reason = CreditReason.of(command.reason());
        violations.require(reason.isPresent(), "reason", "required, one of " + REASONS);
        violations.require(command.sourceReference() != null
                && SOURCE_REFERENCE.matcher(command.sourceReference()).matches(), "source_reference",
                "required: the business object behind the credit, e.g. visits/V-123 (1-256 printable ASCII, no spaces)");
        violations.require(command.requestId() != null && REQUEST_ID.matcher(command.requestId()).matches(),
                "request_id", "required: 1-128 printable ASCII characters, unique per credit");
        violations.throwIfAny("INVALID_CREDIT");
        return new Credit(personId.get(), command.points(), reason.get(), command.sourceReference(),
                command.requestId());
    }
}
