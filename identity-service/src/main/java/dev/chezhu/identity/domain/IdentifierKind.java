package dev.chezhu.identity.domain;

/** The kinds of identifier a touchpoint may know a person by. */
public enum IdentifierKind {
    PHONE(false),
    EMAIL(false),
    /** Scoped to the WeChat app that issued it. */
    WECHAT_OPENID(true),
    WECHAT_UNIONID(false),
    APP_ACCOUNT(false),
    /** Scoped to the dealer whose CRM issued it. */
    DEALER_CRM_ID(true),
    DRIVING_LICENCE(false),
    HEAD_UNIT_DEVICE(false),
    /** Stored only as a keyed hash. */
    FACE_TOKEN(false);

    private final boolean scoped;

    IdentifierKind(boolean scoped) {
        this.scoped = scoped;
    }

    public boolean scoped() {
        return scoped;
    }
}
