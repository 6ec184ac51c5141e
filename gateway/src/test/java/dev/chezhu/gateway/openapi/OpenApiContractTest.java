package dev.chezhu.gateway.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.chezhu.gateway.api.PersonsResource;
import dev.chezhu.platform.auth.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The published OpenAPI document against what the gateway serves: every documented operation is
 * routed, every resource method is documented, every operation documents its problem+json errors and
 * its bearer security, and real responses fit their documented schemas.
 */
@QuarkusTest
class OpenApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Class<?>, String> VERBS = Map.of(GET.class, "get", POST.class, "post", PUT.class, "put",
            PATCH.class, "patch", DELETE.class, "delete");

    private static JsonNode document;

    // not in a static @BeforeAll: RestAssured points at the test application only once it runs
    @BeforeEach
    void load() throws IOException {
        if (document == null) {
            document = JSON.readTree(given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                    .extract().asString());
        }
    }

    private static List<String[]> operations() {
        List<String[]> operations = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(verb -> {
            if (VERBS.containsValue(verb)) {
                operations.add(new String[] { path.getKey(), verb });
            }
        }));
        return operations;
    }

    private static String concrete(String template) {
        return template.replace("{vin}", "LSVAU2180N2183294").replaceAll("\\{[^}]+}", "x-1");
    }

    @Test
    void everyDocumentedOperationIsServedAndAsksForAToken() {
        List<String[]> operations = operations();
        assertTrue(operations.size() >= 38, "the document lists the API: " + operations.size());
        List<String> wrong = new ArrayList<>();
        for (String[] operation : operations) {
            if (!operation[0].startsWith("/v1/")) {
                continue;
            }
            Response response = given().contentType("application/json").body(operation[1].equals("get") ? "" : "{}")
                    .when().request(operation[1].toUpperCase(), concrete(operation[0]));
            // routed and protected: 401, never 404/405 from routing
            if (response.statusCode() != 401) {
                wrong.add(operation[1] + " " + operation[0] + " -> " + response.statusCode());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyResourceMethodIsDocumented() throws IOException, URISyntaxException {
        Path api = Path.of(PersonsResource.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/chezhu/gateway/api");
        Set<String> missing = new TreeSet<>();
        int methods = 0;
        try (Stream<Path> files = Files.list(api)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                Class<?> type = load("dev.chezhu.gateway.api." + file.getFileName().toString().replace(".class", ""));
                jakarta.ws.rs.Path classPath = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (classPath == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    for (var verb : VERBS.entrySet()) {
                        if (method.isAnnotationPresent(verb.getKey().asSubclass(java.lang.annotation.Annotation.class))) {
                            methods++;
                            jakarta.ws.rs.Path methodPath = method.getAnnotation(jakarta.ws.rs.Path.class);
                            String path = (classPath.value() + (methodPath == null ? "" : "/" + methodPath.value()))
                                    .replaceAll("/+", "/").replaceAll("/$", "");
                            JsonNode item = document.get("paths").get(path);
                            if (item == null || item.get(verb.getValue()) == null) {
                                missing.add(verb.getValue() + " " + path + " (" + type.getSimpleName() + "." + method.getName() + ")");
                            }
                        }
                    }
                }
            }
        }
        assertTrue(methods >= 38, "found the resource methods: " + methods);
        assertEquals(Set.of(), missing);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyOperationDocumentsItsErrorsAndSecurity() {
        List<String> wrong = new ArrayList<>();
        for (String[] operation : operations()) {
            if (!operation[0].startsWith("/v1/")) {
                continue;
            }
            JsonNode op = document.get("paths").get(operation[0]).get(operation[1]);
            String name = operation[1] + " " + operation[0];
            for (String status : List.of("400", "401", "403", "429", "500", "503")) {
                JsonNode problem = op.path("responses").path(status).path("content").path("application/problem+json");
                if (!problem.path("schema").path("$ref").asText().equals("#/components/schemas/Problem")) {
                    wrong.add(name + ": no problem+json " + status);
                }
            }
            if (!op.path("security").isArray() || op.path("security").isEmpty()) {
                wrong.add(name + ": no security");
            }
            boolean idempotent = false;
            for (JsonNode parameter : op.path("parameters")) {
                idempotent |= parameter.path("name").asText().equals("Idempotency-Key");
            }
            if (idempotent && (op.path("responses").path("409").isMissingNode()
                    || op.path("responses").path("422").isMissingNode())) {
                wrong.add(name + ": idempotency conflicts undocumented");
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(document.path("components").path("securitySchemes").has("bearer"));
    }

    @Test
    void realResponsesFitTheirDocumentedSchemas() {
        String partner = KeycloakTokens.local().clientToken("partner-app", "partner-app-secret");
        String vin = "LSVAU2180N2183294";
        conforms("/v1/persons/{personId}", "get", "200",
                given().auth().oauth2(partner).get("/v1/persons/p-app").then().statusCode(200).extract().asString());
        conforms("/v1/vehicles/{vin}/service-history", "get", "200",
                given().auth().oauth2(partner).get("/v1/vehicles/" + vin + "/service-history").then().statusCode(200)
                        .extract().asString());
        conforms("/v1/coupons/{code}", "get", "200",
                given().auth().oauth2(partner).get("/v1/coupons/CZ-1").then().statusCode(200).extract().asString());
        conforms("/v1/vehicles/{vin}/alerts", "get", "200",
                given().auth().oauth2(partner).get("/v1/vehicles/" + vin + "/alerts").then().statusCode(200)
                        .extract().asString());
        conforms("/v1/persons/{personId}", "get", "401",
                given().get("/v1/persons/p-app").then().statusCode(401).extract().asString());
    }

    private static void conforms(String path, String verb, String status, String body) {
        JsonNode response = document.get("paths").get(path).get(verb).get("responses").get(status);
        JsonNode content = response.get("content");
        JsonNode media = content.has("application/json") ? content.get("application/json")
                : content.get("application/problem+json");
        List<String> problems = new ArrayList<>();
        try {
            check(media.get("schema"), JSON.readTree(body), verb + " " + path + " " + status, problems);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(List.of(), problems);
    }

    /** A small JSON Schema check: types, and no property the schema does not declare. Null fits any field. */
    private static void check(JsonNode schema, JsonNode value, String where, List<String> problems) {
        schema = resolve(schema);
        if (value.isNull()) {
            return;
        }
        Set<String> types = new TreeSet<>();
        if (schema.get("type") != null) {
            if (schema.get("type").isArray()) {
                schema.get("type").forEach(t -> types.add(t.asText()));
            } else {
                types.add(schema.get("type").asText());
            }
        }
        if (types.isEmpty()) {
            return;
        }
        String actual = value.isObject() ? "object" : value.isArray() ? "array" : value.isBoolean() ? "boolean"
                : value.isIntegralNumber() ? "integer" : value.isNumber() ? "number" : "string";
        if (!types.contains(actual) && !(actual.equals("integer") && types.contains("number"))) {
            problems.add(where + ": " + actual + " is not " + types);
            return;
        }
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                check(schema.get("items"), item, where + "[" + i++ + "]", problems);
            }
        }
        if (value.isObject() && schema.has("properties")) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode property = schema.get("properties").get(field.getKey());
                if (property == null) {
                    problems.add(where + "." + field.getKey() + ": not in the documented schema");
                } else {
                    check(property, field.getValue(), where + "." + field.getKey(), problems);
                }
            }
        }
    }

    private static JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            schema = document.get("components").get("schemas").get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return schema;
    }
}
