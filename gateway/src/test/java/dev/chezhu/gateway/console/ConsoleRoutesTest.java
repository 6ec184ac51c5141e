package dev.chezhu.gateway.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.auth.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;

/** The console as the gateway serves it: its page from the console jar, its settings, its guarded routes. */
@QuarkusTest
class ConsoleRoutesTest {

    private static final KeycloakTokens KEYCLOAK = KeycloakTokens.local();

    @Test
    void thePageComesFromTheConsoleJarAndIsNeverServedStale() {
        given().redirects().follow(false).when().get("/console")
                .then().statusCode(302).header("Location", endsWith("/console/"));
        given().when().get("/console/")
                .then().statusCode(200).contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .body(containsString("/console/assets/"));
    }

    @Test
    void settingsArePublic() {
        given().when().get("/console/api/config")
                .then().statusCode(200)
                .body("realm", equalTo("chezhu"))
                .body("clientId", equalTo("chezhu-console"))
                .body("keycloakUrl", containsString("://"));
    }

    @Test
    void theOverviewIsForThePlatformTeamOnly() {
        given().when().get("/console/api/overview")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(KEYCLOAK.userToken("advisor.d001", "advisor"))
                .when().get("/console/api/overview")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void creatingCampaignsIsForThePlatformTeamOnly() {
        given().auth().oauth2(KEYCLOAK.clientToken("partner-app", "partner-app-secret"))
                .contentType("application/json").body("{\"displayName\":\"x\",\"amount\":100}")
                .when().post("/console/api/campaigns")
                .then().statusCode(403).contentType("application/problem+json");
    }
}
