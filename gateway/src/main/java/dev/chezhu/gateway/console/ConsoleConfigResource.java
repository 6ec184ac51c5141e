package dev.chezhu.gateway.console;

import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where the console (served from the console jar at /console/) logs its users in. Read at run time so
 * that one build of the console works on every gateway, port and Keycloak.
 */
@Path("/console/api/config")
@Tag(name = "console", description = "Backing routes of the web console at /console/")
public class ConsoleConfigResource {

    public record ConsoleConfig(String keycloakUrl, String realm, String clientId) {
    }

    private final ConsoleConfig config;

    // defaults in code, not in application.properties: the gateway's own settings stay its owner's;
    // the Keycloak URL follows the gateway's KEYCLOAK_URL unless the console's is set
    public ConsoleConfigResource(@ConfigProperty(name = "chezhu.console.keycloak-url") Optional<String> keycloakUrl,
            @ConfigProperty(name = "chezhu.console.realm", defaultValue = "chezhu") String realm,
            @ConfigProperty(name = "chezhu.console.client-id", defaultValue = "chezhu-console") String clientId) {
        String url = keycloakUrl.orElseGet(() -> Optional.ofNullable(System.getenv("KEYCLOAK_URL"))
                .orElse("http://localhost:8180"));
        this.config = new ConsoleConfig(url.replaceAll("/+$", ""), realm, clientId);
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The console's OIDC settings (public: it is what the login page shows anyway)")
    public ConsoleConfig get() {
        return config;
    }
}
