package dev.chezhu.loyalty.domain;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import io.smallrye.mutiny.Uni;

/** The account use cases: credit points to a person, read a person's account. */
@ApplicationScoped
public class LoyaltyAccounts {

    private final CreditValidator validator;
    private final Ledger ledger;
    private final Viewer viewer;

    public LoyaltyAccounts(CreditValidator validator, Ledger ledger, Viewer viewer) {
        this.validator = validator;
        this.ledger = ledger;
        this.viewer = viewer;
    }

    public Viewer viewer() {
        return viewer;
    }

    /** Validates everything before any write, then appends one EARN entry (or replays the first). */
    public Uni<CreditResult> credit(CreditCommand command, Caller caller) {
        return Uni.createFrom().item(() -> validator.validate(command))
                .flatMap(credit -> ledger.credit(credit, Actor.of(caller)));
    }

    /**
     * Authorisation first, then the name (or the vehicle, whose owner identity names); every person has
     * an account, so this never answers NOT_FOUND for a person.
     */
    public Uni<AccountStatement> get(String name, String vehicle, Caller caller) {
        return viewer.person(caller, name, "name", vehicle).flatMap(ledger::statement);
    }
}
