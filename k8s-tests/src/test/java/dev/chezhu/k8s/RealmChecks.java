package dev.chezhu.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The realm Keycloak imports in the cluster is the realm file ./chezhu imports locally:
 * k8s/base/keycloak-realm-import.json embeds infra/keycloak/chezhu-realm.json byte for byte,
 * overlays import it unchanged, except production, which drops what only development may have.
 */
final class RealmChecks {

    static final Path IMPORT = Path.of("base", "keycloak-realm-import.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*)}$");

    private RealmChecks() {
    }

    static String realmText() {
        try {
            return Files.readString(Repo.realmFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode realm() {
        try {
            return JSON.readTree(realmText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The committed import carries the realm file verbatim (k8s/sync-realm.sh writes it). */
    static List<String> embedded(String importText) {
        List<String> v = new ArrayList<>();
        if (!importText.contains(realmText())) {
            v.add("k8s/" + IMPORT + " does not embed infra/keycloak/chezhu-realm.json as it is now: run k8s/sync-realm.sh and commit the result");
        }
        return v;
    }

    static JsonNode importedRealm(Manifests m) {
        return m.ofKind("KeycloakRealmImport").stream().findFirst().map(d -> d.node().path("spec").path("realm"))
                .orElseThrow(() -> new AssertionError(m + " has no KeycloakRealmImport"));
    }

    /** Development: exactly the realm file. */
    static List<String> unchanged(Manifests m) {
        List<String> v = new ArrayList<>();
        if (!realm().equals(importedRealm(m))) {
            v.add(m + ": the imported realm differs from infra/keycloak/chezhu-realm.json");
        }
        return v;
    }

    /**
     * Production: no user with a password, no literal client secret (each is a ${PLACEHOLDER} the
     * import fills from a Secret), no dev/test client, and otherwise the realm file unchanged.
     */
    static List<String> hardened(Manifests m) {
        List<String> v = new ArrayList<>();
        Manifests.Doc doc = m.ofKind("KeycloakRealmImport").get(0);
        JsonNode imported = doc.node().path("spec").path("realm");
        JsonNode placeholders = doc.node().path("spec").path("placeholders");
        for (JsonNode user : imported.path("users")) {
            if (user.path("credentials").size() > 0) {
                v.add(m + ": realm user " + user.path("username").asText() + " comes with a password");
            }
        }
        for (JsonNode client : imported.path("clients")) {
            String id = client.path("clientId").asText();
            if (id.startsWith("test-")) {
                v.add(m + ": test client " + id + " is imported");
            }
            if (!client.has("secret")) {
                continue;
            }
            Matcher matcher = PLACEHOLDER.matcher(client.path("secret").asText());
            if (!matcher.matches()) {
                v.add(m + ": client " + id + " has a literal secret; make it a ${PLACEHOLDER} filled from a Secret");
                continue;
            }
            JsonNode ref = placeholders.path(matcher.group(1)).path("secret");
            if (ref.isMissingNode()) {
                v.add(m + ": client " + id + "'s placeholder " + matcher.group(1) + " is not in spec.placeholders");
            } else if (!ref.path("key").asText().equals(id)) {
                v.add(m + ": client " + id + " takes its secret from key " + ref.path("key").asText() + " (the key must be the client id, "
                        + "the one the service reads as OIDC_CLIENT_SECRET)");
            }
        }
        // what remains is the realm file
        ObjectNode expected = (ObjectNode) realm().deepCopy();
        ObjectNode actual = (ObjectNode) imported.deepCopy();
        for (ObjectNode realm : List.of(expected, actual)) {
            removeIf((ArrayNode) realm.path("users"), u -> u.path("credentials").size() > 0
                    || u.path("serviceAccountClientId").asText().startsWith("test-"));
            removeIf((ArrayNode) realm.path("clients"), c -> c.path("clientId").asText().startsWith("test-"));
            for (JsonNode client : realm.path("clients")) {
                if (client.has("secret")) {
                    ((ObjectNode) client).put("secret", "");
                }
            }
        }
        if (!expected.equals(actual)) {
            v.add(m + ": apart from users with passwords, test clients and secrets, the imported realm differs from the realm file");
        }
        return v;
    }

    private static void removeIf(ArrayNode array, java.util.function.Predicate<JsonNode> drop) {
        for (Iterator<JsonNode> it = array.elements(); it.hasNext();) {
            if (drop.test(it.next())) {
                it.remove();
            }
        }
    }
}
