package dev.chezhu.identity.domain;

import java.util.List;
import java.util.Map;

/** The guardrails of application.properties, for plain unit tests. */
final class TestGuardrails {

    private TestGuardrails() {
    }

    static final Map<String, Integer> LIMITS = Map.of("APP_ACCOUNT", 1, "WECHAT_UNIONID", 1, "WECHAT_OPENID", 1,
            "DEALER_CRM_ID", 1, "DRIVING_LICENCE", 1, "FACE_TOKEN", 1, "PHONE", 3, "EMAIL", 3, "HEAD_UNIT_DEVICE", 5);
    static final Map<String, Integer> PRIORITIES = Map.of("FACE_TOKEN", 40, "DRIVING_LICENCE", 40, "APP_ACCOUNT", 40,
            "WECHAT_UNIONID", 40, "WECHAT_OPENID", 30, "DEALER_CRM_ID", 30, "PHONE", 20, "EMAIL", 10,
            "HEAD_UNIT_DEVICE", 5);

    static JunkFilter junk() {
        return new JunkFilter(List.of("null", "none", "anonymous", "test", "unknown", "0", "phone:+8612345678901",
                "email:test@test.com"),
                Map.of("any", List.of("(?i)^(0000+|1111+|xxxx+)$"),
                        "phone", List.of("(00000000|11111111|22222222|33333333|44444444|55555555|66666666|77777777|88888888|99999999)$",
                                "^[+]861[012][0-9]{9}$"),
                        "email", List.of("^(test|null|noreply|anonymous)@", "@(test|example)[.](com|org|net|cn)$")));
    }

    static Guardrails defaults() {
        return new Guardrails(junk(), LIMITS, PRIORITIES, 2);
    }
}
