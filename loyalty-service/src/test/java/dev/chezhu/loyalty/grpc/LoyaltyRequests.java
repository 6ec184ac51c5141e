package dev.chezhu.loyalty.grpc;

import java.util.UUID;

import dev.chezhu.loyalty.v1.CreditPointsRequest;
import dev.chezhu.loyalty.v1.GetAccountRequest;

/** Requests the tests send; every test works on fresh person IDs, so tests never see each other's data. */
final class LoyaltyRequests {

    private LoyaltyRequests() {
    }

    static String newPerson() {
        return UUID.randomUUID().toString();
    }

    static CreditPointsRequest.Builder credit(String personId, long points) {
        return CreditPointsRequest.newBuilder()
                .setAccount("accounts/" + personId)
                .setPoints(points)
                .setReason("SERVICE_VISIT")
                .setSourceReference("visits/V-" + UUID.randomUUID())
                .setRequestId(UUID.randomUUID().toString());
    }

    static GetAccountRequest get(String personId) {
        return GetAccountRequest.newBuilder().setName("accounts/" + personId).build();
    }
}
