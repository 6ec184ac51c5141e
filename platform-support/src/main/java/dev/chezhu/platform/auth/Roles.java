package dev.chezhu.platform.auth;

/** Realm roles of the Keycloak realm {@code chezhu}; every gRPC method names the ones it admits. */
public final class Roles {
    /** A car's head unit; its token carries the VIN it speaks for. */
    public static final String HEAD_UNIT = "head_unit";
    /** Dealer staff; the token carries their dealer ID. */
    public static final String DEALER = "dealer";
    /** A partner application coming through the gateway. */
    public static final String PARTNER = "partner";
    /** The brand's platform team. */
    public static final String PLATFORM_ADMIN = "platform_admin";
    /** Another Chezhu service calling with its own service-account token. */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
