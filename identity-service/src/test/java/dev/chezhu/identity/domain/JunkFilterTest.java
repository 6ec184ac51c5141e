package dev.chezhu.identity.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JunkFilterTest {

    private final JunkFilter junk = TestGuardrails.junk();

    @ParameterizedTest
    @CsvSource({
            "PHONE, +8613800000000", "PHONE, +8613911111111", "PHONE, +8612345678901", "PHONE, +8611012345678",
            "EMAIL, test@test.com", "EMAIL, noreply@brand.cn", "EMAIL, someone@example.com",
            "APP_ACCOUNT, null", "APP_ACCOUNT, NULL", "APP_ACCOUNT, anonymous", "APP_ACCOUNT, 0000", "APP_ACCOUNT, xXxX",
            "HEAD_UNIT_DEVICE, unknown", "DRIVING_LICENCE, 0" })
    void placeholdersAndTestValuesAreJunk(IdentifierKind kind, String value) {
        assertTrue(junk.isJunk(new IdentifierKey(kind, "", value)), value);
    }

    @ParameterizedTest
    @CsvSource({
            "PHONE, +8613912345678", "PHONE, +8613800138000", "PHONE, +861065529988", "EMAIL, li.wei@mail.cn",
            "APP_ACCOUNT, app-4711", "APP_ACCOUNT, nullable-user", "HEAD_UNIT_DEVICE, HU-000123" })
    void realValuesAreNot(IdentifierKind kind, String value) {
        assertFalse(junk.isJunk(new IdentifierKey(kind, "", value)), value);
    }

    @org.junit.jupiter.api.Test
    void aTypedEntryBlocksOnlyThatType() {
        assertTrue(junk.isJunk(new IdentifierKey(IdentifierKind.PHONE, "", "+8612345678901")));
        assertFalse(junk.isJunk(new IdentifierKey(IdentifierKind.APP_ACCOUNT, "", "+8612345678901")));
    }
}
