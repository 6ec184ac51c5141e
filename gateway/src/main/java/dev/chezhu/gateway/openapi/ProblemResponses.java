package dev.chezhu.gateway.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents what every /v1 operation may answer besides success, so partners can code against it:
 * the problem+json errors (with the shared Problem schema), Retry-After on 429, the idempotency
 * conflicts of state-changing POSTs, and the bearer token every call needs.
 */
public class ProblemResponses implements OASFilter {

    public static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    private static final Map<String, String> COMMON = Map.of(
            "400", "Invalid input: `errors` lists each invalid field",
            "401", "No valid bearer token from the Keycloak realm chezhu",
            "403", "Missing partner scope (MISSING_SCOPE), role, another dealer's data (WRONG_DEALER) or no consent",
            "404", "No such resource",
            "413", "Request body over the size limit",
            "429", "The partner's request budget is used up; retry after Retry-After seconds",
            "500", "The request could not be completed",
            "503", "A backend service is unavailable");

    private static final Map<String, String> IDEMPOTENT = Map.of(
            "409", "The first request with this Idempotency-Key is still running",
            "422", "This Idempotency-Key was used for a different request");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/v1/")) {
                item.getOperations().forEach((method, operation) -> document(method, operation));
            }
        });
    }

    private static void document(PathItem.HttpMethod method, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        COMMON.forEach((status, description) -> problem(responses, status, description));
        boolean idempotent = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getIn() == Parameter.In.HEADER && "Idempotency-Key".equalsIgnoreCase(p.getName()));
        if (idempotent) {
            IDEMPOTENT.forEach((status, description) -> problem(responses, status, description));
            operation.getParameters().stream()
                    .filter(p -> p.getIn() == Parameter.In.HEADER && "Idempotency-Key".equalsIgnoreCase(p.getName()))
                    .forEach(p -> p.required(true).description("Any unique 8-90 character string (e.g. a UUID); "
                            + "a retry with the same key and body returns the first response and has no second effect"));
        }
        responses.getAPIResponse("429").addHeader("Retry-After", OASFactory.createHeader()
                .description("Seconds to wait").schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        // a bearer (http) scheme has no scopes: the generated requirement lists the roles there, which
        // is invalid OpenAPI, so the roles move to the description and the requirement is plain
        List<String> roles = operation.getSecurity() == null ? List.of() : operation.getSecurity().stream()
                .flatMap(requirement -> requirement.getSchemes() == null ? Stream.empty()
                        : requirement.getSchemes().values().stream().flatMap(List::stream))
                .distinct().toList();
        operation.setSecurity(new ArrayList<>(List.of(OASFactory.createSecurityRequirement().addScheme("bearer"))));
        if (!roles.isEmpty()) {
            String who = "Realm roles: " + String.join(", ", roles) + ".";
            operation.setDescription(operation.getDescription() == null ? who : operation.getDescription() + " " + who);
        }
        if (method == PathItem.HttpMethod.GET && responses.getAPIResponse("200") == null) {
            responses.addAPIResponse("200", OASFactory.createAPIResponse().description("OK"));
        }
    }

    private static void problem(APIResponses responses, String status, String description) {
        APIResponse response = responses.getAPIResponse(status);
        if (response == null) {
            response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(status, response);
        }
        // the generated 401/403 of @RolesAllowed carry no body: they are problem+json too
        if (response.getContent() == null || response.getContent().getMediaType(PROBLEM_MEDIA_TYPE) == null) {
            Content content = response.getContent() == null ? OASFactory.createContent() : response.getContent();
            content.addMediaType(PROBLEM_MEDIA_TYPE, OASFactory.createMediaType()
                    .schema(OASFactory.createSchema().ref(PROBLEM_REF)));
            response.setContent(content);
        }
    }

    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING).examples(List.of("identifiers[0].value")))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING).examples(List.of("not a valid phone")));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details (application/problem+json)")
                .addRequired("type").addRequired("title").addRequired("status")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .examples(List.of("https://chezhu.dev/problems/invalid-request")))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING).examples(List.of("Bad Request")))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).examples(List.of(400)))
                .addProperty("detail", string)
                .addProperty("reason", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("UPPER_SNAKE reason (google.rpc.ErrorInfo of the service, or the gateway's own)")
                        .examples(List.of("MISSING_SCOPE")))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("One entry per invalid field").items(fieldError));
    }
}
