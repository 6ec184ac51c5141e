package dev.chezhu.loyalty.grpc;

import jakarta.annotation.security.RolesAllowed;

import dev.chezhu.loyalty.domain.LoyaltyAccounts;
import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.CreditPointsRequest;
import dev.chezhu.loyalty.v1.CreditPointsResponse;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.loyalty.v1.LoyaltyService;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@GrpcService
public class LoyaltyGrpcService implements LoyaltyService {

    private final LoyaltyAccounts accounts;
    private final SecurityIdentity identity;

    public LoyaltyGrpcService(LoyaltyAccounts accounts, SecurityIdentity identity) {
        this.accounts = accounts;
        this.identity = identity;
    }

    @Override
    @RolesAllowed({ Roles.DEALER, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<Account> getAccount(GetAccountRequest request) {
        return accounts.get(request.getName(), Caller.of(identity)).map(LoyaltyMapper::toWire);
    }

    @Override
    @RolesAllowed({ Roles.SERVICE, Roles.DEALER, Roles.PLATFORM_ADMIN })
    public Uni<CreditPointsResponse> creditPoints(CreditPointsRequest request) {
        return accounts.credit(LoyaltyMapper.toCommand(request), Caller.of(identity)).map(LoyaltyMapper::toResponse);
    }
}
