package dev.chezhu.gateway.idempotency;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The persons a stored response is about: every {@code personId} / {@code ...PersonId(s)} field and
 * every {@code persons/<id>} or {@code accounts/<id>} resource name in it. Idempotent responses are indexed by them so that an
 * erasure can delete the copies the gateway keeps (they hold names, phones, e-mails).
 */
final class PersonReferences {

    /** Identity names persons {@code persons/<id>}; loyalty names their accounts {@code accounts/<person id>}. */
    private static final List<String> RESOURCE_PREFIXES = List.of("persons/", "accounts/");

    private PersonReferences() {
    }

    static Set<String> in(JsonNode body) {
        Set<String> ids = new TreeSet<>();
        collect(null, body, ids);
        return ids;
    }

    private static void collect(String field, JsonNode node, Set<String> ids) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> child = it.next();
                collect(child.getKey(), child.getValue(), ids);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(field, element, ids));
        } else if (node.isTextual()) {
            String value = node.asText();
            for (String prefix : RESOURCE_PREFIXES) {
                if (value.startsWith(prefix) && value.length() > prefix.length()) {
                    String rest = value.substring(prefix.length());
                    int slash = rest.indexOf('/');
                    ids.add(slash < 0 ? rest : rest.substring(0, slash));
                }
            }
            if (field != null && isPersonIdField(field) && !value.isBlank()) {
                ids.add(value);
            }
        }
    }

    private static boolean isPersonIdField(String field) {
        return field.equals("personId") || field.endsWith("PersonId") || field.endsWith("PersonIds");
    }
}
