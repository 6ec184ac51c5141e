package dev.chezhu.loyalty.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountNameTest {

    @Test
    void wellFormedNamesGiveThePersonId() {
        assertEquals(Optional.of("3f2c1a9e-0b7d-4c55-9a51-1e2f3a4b5c6d"),
                AccountName.personId("accounts/3f2c1a9e-0b7d-4c55-9a51-1e2f3a4b5c6d"));
        assertEquals(Optional.of("A"), AccountName.personId("accounts/A"));
        assertEquals(Optional.of("x".repeat(64)), AccountName.personId("accounts/" + "x".repeat(64)));
        assertEquals("accounts/p-1", AccountName.of("p-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "accounts/", "accounts", "persons/p-1", "accounts/p-1/entries/e", "accounts/p_1",
            "accounts/p 1", "ACCOUNTS/p-1", "accounts/p-1\n", "accounts/张三" })
    void malformedNamesAreRejected(String name) {
        assertTrue(AccountName.personId(name).isEmpty(), name);
    }

    @Test
    void nullAndOverlongNamesAreRejected() {
        assertTrue(AccountName.personId(null).isEmpty());
        assertTrue(AccountName.personId("accounts/" + "x".repeat(65)).isEmpty());
    }
}
