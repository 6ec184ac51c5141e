package dev.chezhu.k8s;

import static dev.chezhu.k8s.Rendered.assertNone;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/** Keycloak in the cluster imports the realm file the local setup imports. */
class RealmTest {

    @Test
    void theCommittedRealmImportEmbedsTheRealmFileVerbatim() throws IOException {
        assertNone("k8s/" + RealmChecks.IMPORT, RealmChecks.embedded(Files.readString(Repo.k8s().resolve(RealmChecks.IMPORT))));
    }

    @Test
    void devImportsTheRealmFileUnchanged() {
        assertNone("dev", RealmChecks.unchanged(Rendered.overlay("dev")));
    }

    @Test
    void prodImportsItWithoutDevelopmentUsersTestClientsOrCommittedSecrets() {
        assertNone("prod", RealmChecks.hardened(Rendered.overlay("prod")));
    }
}
