package dev.chezhu.gateway.security;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;

import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.problem.ProblemException;
import dev.chezhu.identity.v1.CheckConsentRequest;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.Person;
import dev.chezhu.identity.v1.PersonIdentifier;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;

/**
 * Checks that need one look at the data before the real call: whether a person is related to the
 * calling dealer, and whether a vehicle's owner shares its data with third parties.
 */
@RequestScoped
public class DataGuards {

    private static final String DEALER_SOURCE = "dealer_crm:";

    private final PartnerAccess access;
    private final Backends backends;

    public DataGuards(PartnerAccess access, Backends backends) {
        this.access = access;
        this.backends = backends;
    }

    /** Dealer-bound callers may touch only persons related to their dealer; others pass without a call. */
    public Uni<Void> personVisible(String personId) {
        if (!access.isDealerBound()) {
            return Uni.createFrom().voidItem();
        }
        return relatedOnly(backends.identity().getPerson(GetPersonRequest.newBuilder()
                .setName("persons/" + personId).build())).replaceWithVoid();
    }

    /** A person read for a dealer-bound caller, refused unless related to the caller's dealer. */
    public Uni<Person> relatedOnly(Uni<Person> person) {
        if (!access.isDealerBound()) {
            return person;
        }
        String dealer = access.boundDealer().orElseThrow();
        return person
                // an unknown person answers like another dealer's: a dealer learns nothing about who exists
                .onFailure(DataGuards::notFound).transform(f -> PartnerAccess.wrongDealer())
                .invoke(p -> requireRelated(p, dealer));
    }

    private static void requireRelated(Person person, String dealer) {
        if (!dealersOf(person).contains(dealer)) {
            throw PartnerAccess.wrongDealer();
        }
    }

    /**
     * The dealers a person is related to: as identity-service computes them (dealer CRMs, leads,
     * visits, redemptions), plus what the person itself shows (identifiers scoped to a dealer or
     * observed by a dealer_crm:&lt;dealer&gt; touchpoint) for a service that does not fill them yet.
     */
    public static Set<String> dealersOf(Person person) {
        Set<String> dealers = new HashSet<>(person.getDealerIdsList());
        for (PersonIdentifier identifier : person.getIdentifiersList()) {
            if (identifier.getType() == IdentifierType.IDENTIFIER_TYPE_DEALER_CRM_ID && !identifier.getScope().isBlank()) {
                dealers.add(identifier.getScope());
            }
            addSource(dealers, identifier.getSource());
        }
        person.getVehiclesList().forEach(v -> addSource(dealers, v.getSource()));
        person.getTraitsMap().values().forEach(t -> addSource(dealers, t.getSource()));
        return dealers;
    }

    private static void addSource(Set<String> dealers, String source) {
        if (source.startsWith(DEALER_SOURCE) && source.length() > DEALER_SOURCE.length()) {
            dealers.add(source.substring(DEALER_SOURCE.length()));
        }
    }

    /** Third-party partners see a vehicle's data only when its owner grants third_party_sharing. */
    public Uni<Void> vehicleShared(String vin) {
        if (!access.isThirdParty()) {
            return Uni.createFrom().voidItem();
        }
        return backends.identity().checkConsent(CheckConsentRequest.newBuilder()
                .setVehicle("vehicles/" + vin)
                .setPurpose(ConsentPurpose.CONSENT_PURPOSE_THIRD_PARTY_SHARING)
                .build())
                .invoke(decision -> {
                    if (!decision.getGranted()) {
                        throw new ProblemException(403, "CONSENT_REQUIRED",
                                "The vehicle's owner has not granted third_party_sharing");
                    }
                })
                .replaceWithVoid();
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND;
    }
}
