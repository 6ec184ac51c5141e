package dev.chezhu.identity.domain;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.persistence.PersonStore;
import dev.chezhu.platform.error.ServiceException;
import io.smallrye.mutiny.Uni;

/**
 * Resolves a person ID to its root and locks the root's row for the rest of the transaction:
 * shared for writes that add to a person (consent, activity, lead), exclusive for those that change
 * the cluster (erase). A root merged or erased between the read and the lock makes the transaction
 * start over.
 */
@ApplicationScoped
public class PersonLocks {

    private final PersonStore store;

    public PersonLocks(PersonStore store) {
        this.store = store;
    }

    /** The root person answering for an ID (no lock), or NOT_FOUND (PERSON_NOT_FOUND / PERSON_ERASED). */
    public Uni<String> rootOf(String personId) {
        return store.findPerson(personId).map(found -> {
            var person = found.orElseThrow(() -> ServiceException.notFound("PERSON_NOT_FOUND", "persons/" + personId));
            if (person.erased()) {
                throw ServiceException.notFound("PERSON_ERASED", "persons/" + personId);
            }
            return person.mergedInto() == null ? person.id() : person.mergedInto();
        });
    }

    public Uni<String> lockRoot(String personId, boolean exclusive) {
        return rootOf(personId).flatMap(root -> {
            return (exclusive ? store.lockPersons(List.of(root)) : store.sharePersons(List.of(root))).map(rows -> {
                var row = rows.get(root);
                if (row == null || row.mergedInto() != null || row.erased()) {
                    throw new StaleClusterException("person changed before it could be locked");
                }
                return root;
            });
        });
    }
}
