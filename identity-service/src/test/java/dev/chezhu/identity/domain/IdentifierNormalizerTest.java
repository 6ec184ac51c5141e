package dev.chezhu.identity.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.chezhu.platform.error.Violations;

class IdentifierNormalizerTest {

    private final IdentifierNormalizer normalizer = new IdentifierNormalizer("test-key");

    @ParameterizedTest
    @CsvSource({
            "13800138000, +8613800138000",
            "138 0013 8000, +8613800138000",
            "+86 138-0013-8000, +8613800138000",
            "008613800138000, +8613800138000",
            "8613800138000, +8613800138000",
            "010-6552 9988, +861065529988",
            "+1 (415) 555-0100, +14155550100" })
    void phonesBecomeE164WithChinaAsDefault(String raw, String expected) {
        assertEquals(Optional.of(expected), IdentifierNormalizer.phone(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = { "12345", "abc", "+86 1380013800", "1380013800x", "+0123456789", "0" })
    void malformedPhonesAreRefused(String raw) {
        assertEquals(Optional.empty(), IdentifierNormalizer.phone(raw));
    }

    @Test
    void emailIsTrimmedAndLowerCased() {
        Violations violations = new Violations();
        var key = normalizer.normalize(new RawIdentifier(IdentifierKind.EMAIL, "  Li.Wei@Example.COM ", ""), "f",
                violations);
        assertEquals("li.wei@example.com", key.orElseThrow().value());
        assertTrue(violations.isEmpty());
    }

    @Test
    void faceTokensAreStoredOnlyAsKeyedHash() {
        Violations violations = new Violations();
        String token = "face-token-abc";
        var key = normalizer.normalize(new RawIdentifier(IdentifierKind.FACE_TOKEN, token, ""), "f", violations)
                .orElseThrow();
        assertFalse(key.value().contains(token));
        assertTrue(key.value().startsWith("hmac:"));
        var otherKey = new IdentifierNormalizer("other-key")
                .normalize(new RawIdentifier(IdentifierKind.FACE_TOKEN, token, ""), "f", violations).orElseThrow();
        assertNotEquals(key.value(), otherKey.value(), "the hash depends on the platform's secret key");
    }

    @Test
    void scopedTypesNeedAScopeAndUnscopedRefuseOne() {
        Violations violations = new Violations();
        normalizer.normalize(new RawIdentifier(IdentifierKind.DEALER_CRM_ID, "C-1", ""), "identifiers[0]", violations);
        normalizer.normalize(new RawIdentifier(IdentifierKind.PHONE, "13800138000", "D001"), "identifiers[1]",
                violations);
        assertEquals(2, violations.list().size());
        assertEquals("identifiers[0].scope", violations.list().get(0).field());
        assertEquals("identifiers[1].scope", violations.list().get(1).field());
    }

    @Test
    void unknownTypeAndEmptyValueAreReportedPerField() {
        Violations violations = new Violations();
        normalizer.normalize(new RawIdentifier(null, "x", ""), "identifiers[0]", violations);
        normalizer.normalize(new RawIdentifier(IdentifierKind.APP_ACCOUNT, " ", ""), "identifiers[1]", violations);
        assertEquals("identifiers[0].type", violations.list().get(0).field());
        assertEquals("identifiers[1].value", violations.list().get(1).field());
    }
}
