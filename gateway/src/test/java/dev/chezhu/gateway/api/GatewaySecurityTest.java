package dev.chezhu.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.auth.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * What the gateway decides on its own, before any backend call: authentication, partner scopes,
 * idempotency keys — each refusal as problem+json. (Calls that reach the services are covered by
 * the end-to-end tests, which run the whole platform.)
 */
@QuarkusTest
class GatewaySecurityTest {

    private static final KeycloakTokens KEYCLOAK = KeycloakTokens.local();
    private static final String OBSERVATION = """
            {"source":"app","identifiers":[{"type":"phone","value":"13800138000"}]}""";

    @Test
    void noTokenIs401ProblemJson() {
        given().contentType(ContentType.JSON).body(OBSERVATION).header("Idempotency-Key", "key-12345678")
                .when().post("/v1/observations")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("reason", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void forgedTokenIs401() {
        String token = KEYCLOAK.clientToken("partner-app", "partner-app-secret");
        given().auth().oauth2(token.substring(0, token.lastIndexOf('.') + 1) + "Zm9yZ2Vk")
                .when().get("/v1/persons/anyone")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void partnerWithoutTheScopeIs403BeforeAnyBackendCall() {
        String readOnly = KEYCLOAK.clientToken("partner-readonly", "partner-readonly-secret");
        given().auth().oauth2(readOnly).contentType(ContentType.JSON).body(OBSERVATION)
                .header("Idempotency-Key", "key-12345678")
                .when().post("/v1/observations")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("reason", equalTo("MISSING_SCOPE"))
                .body("detail", containsString("persons:write"));
    }

    @Test
    void wrongRoleIs403() {
        String headUnit = KEYCLOAK.clientToken("head-unit", "head-unit-secret");
        given().auth().oauth2(headUnit).when().get("/v1/persons/anyone")
                .then().statusCode(403).contentType("application/problem+json").body("reason", equalTo("ROLE_NOT_ALLOWED"));
    }

    @Test
    void statefulPostWithoutIdempotencyKeyIs400() {
        String partner = KEYCLOAK.clientToken("partner-app", "partner-app-secret");
        given().auth().oauth2(partner).contentType(ContentType.JSON).body(OBSERVATION)
                .when().post("/v1/observations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("reason", equalTo("IDEMPOTENCY_KEY_REQUIRED"));
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("Chezhu partner API"))
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/observations"));
    }
}
