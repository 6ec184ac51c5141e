package dev.chezhu.loyalty;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Readiness follows what the service needs: PostgreSQL and gRPC, not the unused Redis. */
@QuarkusTest
class HealthTest {

    @Test
    void readyWhenThePostgresLedgerAndGrpcAreUp() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"))
                .body("checks.name", not(hasItem("Redis connection health check")));
    }
}
