package dev.chezhu.loyalty.grpc;

import static dev.chezhu.loyalty.grpc.Wire.amountCampaign;
import static dev.chezhu.loyalty.grpc.Wire.create;
import static dev.chezhu.loyalty.grpc.Wire.earn;
import static dev.chezhu.loyalty.grpc.Wire.newPerson;
import static dev.chezhu.loyalty.grpc.Wire.publish;
import static dev.chezhu.loyalty.grpc.Wire.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.Callers;
import dev.chezhu.loyalty.identity.TestIdentity;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.loyalty.v1.GetCouponRequest;
import dev.chezhu.loyalty.v1.ListCouponsRequest;
import dev.chezhu.loyalty.v1.ListLedgerEntriesRequest;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.loyalty.v1.MergeAccountsRequest;
import dev.chezhu.platform.testing.TestCallers;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Who may call the new methods: roles, partner scopes, and a head unit's view of its owner only. */
@QuarkusTest
class AccessTest {

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    @AfterEach
    void forgetOwner() {
        TestIdentity.noOwner(TestCallers.HEAD_UNIT_VIN);
    }

    @Test
    void aHeadUnitSeesItsOwnersAccountAndCouponsAndNobodyElses() {
        String owner = newPerson();
        String other = newPerson();
        TestIdentity.owner(TestCallers.HEAD_UNIT_VIN, owner);
        LoyaltyServiceBlockingStub service = loyalty.withCallCredentials(Callers.service());
        service.earnPoints(earn(owner, "SERVICE_VISIT", 12_300).build());
        String campaign = loyalty.withCallCredentials(Callers.admin()).createCampaign(create(amountCampaign(500, 10)))
                .getCampaign().getName();
        String mine = service.publishCoupon(publish(campaign, owner)).getCoupon().getCode();
        String theirs = service.publishCoupon(publish(campaign, other)).getCoupon().getCode();
        LoyaltyServiceBlockingStub car = loyalty.withCallCredentials(Callers.headUnit());

        var account = car.getAccount(GetAccountRequest.newBuilder().setVehicle("vehicles/" + TestCallers.HEAD_UNIT_VIN)
                .build());
        assertEquals("accounts/" + owner, account.getName());
        assertEquals(123, account.getBalance());
        assertEquals(123, car.getAccount(GetAccountRequest.newBuilder().setName("accounts/" + owner).build()).getBalance());
        assertEquals(1, car.listLedgerEntries(ListLedgerEntriesRequest.newBuilder()
                .setVehicle("vehicles/" + TestCallers.HEAD_UNIT_VIN).build()).getEntriesCount());
        var coupons = car.listCoupons(ListCouponsRequest.newBuilder().setVehicle("vehicles/" + TestCallers.HEAD_UNIT_VIN)
                .build());
        assertEquals(1, coupons.getCouponsCount());
        assertTrue(coupons.getCoupons(0).getQrPayload().startsWith("CZQ1."), "the car can show the QR code");
        assertEquals(mine, car.getCoupon(GetCouponRequest.newBuilder().setName("coupons/" + mine).build()).getCode());

        refused(Status.Code.PERMISSION_DENIED, "NOT_VEHICLE_OWNER", () -> car.getCoupon(GetCouponRequest.newBuilder()
                .setName("coupons/" + theirs).build()));
        refused(Status.Code.PERMISSION_DENIED, "NOT_VEHICLE_OWNER", () -> car.getAccount(GetAccountRequest.newBuilder()
                .setName("accounts/" + other).build()));
        refused(Status.Code.PERMISSION_DENIED, "VEHICLE_NOT_ALLOWED", () -> car.listCoupons(ListCouponsRequest
                .newBuilder().setVehicle("vehicles/" + TestCallers.OTHER_HEAD_UNIT_VIN).build()));
        refused(Status.Code.PERMISSION_DENIED, "ROLE_NOT_ALLOWED", () -> car.earnPoints(earn(owner, "SERVICE_VISIT",
                100).build()));
        refused(Status.Code.PERMISSION_DENIED, "ROLE_NOT_ALLOWED", () -> car.publishCoupon(publish(campaign, owner)));
    }

    @Test
    void aHeadUnitWhoseOwnerIsUnknownSeesNothing() {
        LoyaltyServiceBlockingStub car = loyalty.withCallCredentials(Callers.otherHeadUnit());
        refused(Status.Code.NOT_FOUND, "VEHICLE_OWNER_NOT_FOUND", () -> car.getAccount(GetAccountRequest.newBuilder()
                .setVehicle("vehicles/" + TestCallers.OTHER_HEAD_UNIT_VIN).build()));
        TestIdentity.down(true);
        try {
            refused(Status.Code.UNAVAILABLE, "IDENTITY_UNAVAILABLE", () -> car.getAccount(GetAccountRequest.newBuilder()
                    .setVehicle("vehicles/" + TestCallers.OTHER_HEAD_UNIT_VIN).build()));
        } finally {
            TestIdentity.down(false);
        }
    }

    @Test
    void partnersNeedTheirScopesForEachKindOfWrite() {
        String person = newPerson();
        String campaign = loyalty.withCallCredentials(Callers.admin()).createCampaign(create(amountCampaign(500, 10)))
                .getCampaign().getName();
        LoyaltyServiceBlockingStub full = loyalty.withCallCredentials(Callers.partner());
        LoyaltyServiceBlockingStub readOnly = loyalty.withCallCredentials(Callers.readOnlyPartner());
        assertEquals(100, full.earnPoints(earn(person, "SERVICE_VISIT", 10_000).build()).getPoints());
        assertTrue(full.publishCoupon(publish(campaign, person)).getCoupon().getCode().length() > 8);
        refused(Status.Code.PERMISSION_DENIED, "SCOPE_REQUIRED", () -> readOnly.earnPoints(earn(person, "SERVICE_VISIT",
                10_000).build()));
        refused(Status.Code.PERMISSION_DENIED, "SCOPE_REQUIRED", () -> readOnly.publishCoupon(publish(campaign,
                newPerson())));
        assertEquals(100, readOnly.getAccount(GetAccountRequest.newBuilder().setName("accounts/" + person).build())
                .getBalance());
        refused(Status.Code.PERMISSION_DENIED, "ROLE_NOT_ALLOWED", () -> full.mergeAccounts(MergeAccountsRequest
                .newBuilder().setSourceAccount("accounts/" + person).setTargetAccount("accounts/" + newPerson())
                .setMergeId("m-1").build()));
        refused(Status.Code.PERMISSION_DENIED, "ROLE_NOT_ALLOWED", () -> loyalty.withCallCredentials(Callers.dealerD001())
                .mergeAccounts(MergeAccountsRequest.getDefaultInstance()));
    }
}
