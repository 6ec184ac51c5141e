package dev.chezhu.loyalty.domain;

import java.util.Optional;
import java.util.regex.Pattern;

import dev.chezhu.loyalty.domain.PointsCommands.Earn;
import dev.chezhu.loyalty.domain.PointsCommands.EarnCommand;
import dev.chezhu.loyalty.domain.PointsCommands.Reverse;
import dev.chezhu.loyalty.domain.PointsCommands.ReverseCommand;
import dev.chezhu.loyalty.domain.PointsCommands.Spend;
import dev.chezhu.loyalty.domain.PointsCommands.SpendCommand;
import dev.chezhu.platform.error.Violations;

/** Checks whole points requests and reports every problem at once; nothing is written for an invalid one. */
public final class PointsValidator {

    public static final long MAX_POINTS = CreditValidator.MAX_POINTS;
    /** 100 million CNY in fen: far above any car-brand bill, low enough that no sum overflows. */
    public static final long MAX_SPEND = 10_000_000_000L;
    public static final Pattern REASON_CODE = Pattern.compile("^[A-Z][A-Z0-9_]{1,63}$");
    static final Pattern REQUEST_ID = Pattern.compile("^[\\x21-\\x7e]{1,128}$");
    static final Pattern SOURCE_REFERENCE = Pattern.compile("^[\\x21-\\x7e]{1,256}$");
    static final String SOURCE_DESCRIPTION = "required: the business object, e.g. orders/O-1 (1-256 printable ASCII, no spaces)";
    static final String REQUEST_DESCRIPTION = "required: 1-128 printable ASCII characters, unique per request";

    private final EarnRules rules;

    public PointsValidator(EarnRules rules) {
        this.rules = rules;
    }

    static boolean requestId(String value) {
        return value != null && REQUEST_ID.matcher(value).matches();
    }

    static boolean sourceReference(String value) {
        return value != null && SOURCE_REFERENCE.matcher(value).matches();
    }

    public Earn earn(EarnCommand command) {
        Violations violations = new Violations();
        Optional<String> personId = AccountName.personId(command.account());
        violations.require(personId.isPresent(), "account", AccountName.DESCRIPTION);
        Optional<EarnRule> rule = CreditReason.of(command.reason()).flatMap(rules::rule);
        violations.require(rule.isPresent(), "reason", "required, one of " + rules.reasons());
        if (rule.isPresent()) {
            if (rule.get().spendBased()) {
                violations.require(command.spendAmount() > 0 && command.spendAmount() <= MAX_SPEND, "spend_amount",
                        "required for " + rule.get().reason() + ": the spend in fen, 1 to " + MAX_SPEND);
            } else {
                violations.require(command.spendAmount() == 0, "spend_amount",
                        "must be 0: " + rule.get().reason() + " earns fixed points");
            }
        }
        violations.require(sourceReference(command.sourceReference()), "source_reference", SOURCE_DESCRIPTION);
        violations.require(requestId(command.requestId()), "request_id", REQUEST_DESCRIPTION);
        violations.throwIfAny("INVALID_EARN");
        return new Earn(personId.get(), rule.get(), command.spendAmount(), command.sourceReference(),
                command.requestId());
    }

    /** A redemption of points: 1 to MAX_POINTS. */
    public Spend redeem(SpendCommand command) {
        return spend(command, command.points() >= 1 && command.points() <= MAX_POINTS,
                "must be between 1 and " + MAX_POINTS, "INVALID_REDEMPTION");
    }

    /** An adjustment: signed, not 0, at most MAX_POINTS either way. */
    public Spend adjust(SpendCommand command) {
        return spend(command, command.points() != 0 && Math.abs(command.points()) <= MAX_POINTS
                && command.points() != Long.MIN_VALUE, "must not be 0, at most " + MAX_POINTS + " either way",
                "INVALID_ADJUSTMENT");
    }

    private static Spend spend(SpendCommand command, boolean pointsOk, String pointsRule, String reason) {
        Violations violations = new Violations();
        Optional<String> personId = AccountName.personId(command.account());
        violations.require(personId.isPresent(), "account", AccountName.DESCRIPTION);
        violations.require(pointsOk, "points", pointsRule);
        violations.require(command.reason() != null && REASON_CODE.matcher(command.reason()).matches(), "reason",
                "required: an UPPER_SNAKE code, e.g. CORRECTION");
        violations.require(sourceReference(command.sourceReference()), "source_reference", SOURCE_DESCRIPTION);
        violations.require(requestId(command.requestId()), "request_id", REQUEST_DESCRIPTION);
        violations.throwIfAny(reason);
        return new Spend(personId.get(), command.points(), command.reason(), command.sourceReference(),
                command.requestId());
    }

    public Reverse reverse(ReverseCommand command) {
        Violations violations = new Violations();
        Optional<String> personId = AccountName.personId(command.account());
        violations.require(personId.isPresent(), "account", AccountName.DESCRIPTION);
        boolean bySource = command.sourceReference() != null && !command.sourceReference().isEmpty();
        boolean byEntry = command.entry() != null && !command.entry().isEmpty();
        Optional<Names.EntryRef> entry = byEntry ? Names.entryRef(command.entry()) : Optional.empty();
        if (bySource == byEntry) {
            violations.add("source_reference", "exactly one of source_reference and entry is required");
        } else if (bySource) {
            violations.require(sourceReference(command.sourceReference()), "source_reference", SOURCE_DESCRIPTION);
        } else {
            violations.require(entry.isPresent(), "entry", "must be accounts/{person_id}/entries/{entry_id}");
        }
        violations.require(command.reason() != null && REASON_CODE.matcher(command.reason()).matches(), "reason",
                "required: an UPPER_SNAKE code, e.g. REFUND");
        violations.require(requestId(command.requestId()), "request_id", REQUEST_DESCRIPTION);
        violations.throwIfAny("INVALID_REVERSAL");
        return new Reverse(personId.get(), bySource ? command.sourceReference() : null,
                entry.map(Names.EntryRef::entryId).orElse(null), command.reason(), command.policy(), command.requestId());
    }
}
