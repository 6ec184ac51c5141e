package dev.chezhu.loyalty.domain;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.FieldViolation;
import dev.chezhu.platform.error.ServiceException;
import io.smallrye.mutiny.Uni;

/** The loyalty use cases: credit points to a person, read a person's account. */
@ApplicationScoped
public class LoyaltyAccounts {

    private final CreditValidator validator;
    private final Ledger ledger;

    public LoyaltyAccounts(CreditValidator validator, Ledger ledger) {
        this.validator = validator;
        this.ledger = ledger;
    }

    /** Validates everything before any write, then appends one EARN entry (or replays the first). */
    public Uni<CreditResult> credit(CreditCommand command, Caller caller) {
        return Uni.createFrom().item(() -> validator.validate(command))
                .flatMap(credit -> ledger.credit(credit, Actor.of(caller)));
    }

    /** Authorisation first, then the name; every person has an account, so this never answers NOT_FOUND. */
    public Uni<AccountStatement> get(String name, Caller caller) {
        return Uni.createFrom().item(() -> {
            ReadAccess.check(caller);
            return AccountName.personId(name).orElseThrow(() -> ServiceException.invalidArgument(
                    "INVALID_ACCOUNT_NAME", List.of(new FieldViolation("name", AccountName.DESCRIPTION))));
        }).flatMap(ledger::statement);
    }
}
