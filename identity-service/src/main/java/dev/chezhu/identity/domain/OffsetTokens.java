package dev.chezhu.identity.domain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.chezhu.platform.error.ServiceException;

/**
 * Page tokens for short lists read whole (a vehicle's relationships, a person's merges): the offset
 * of the next item, opaque to clients.
 */
final class OffsetTokens {

    private OffsetTokens() {
    }

    static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("o:")) {
                int offset = Integer.parseInt(decoded.substring(2));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // NumberFormatException included: reported below
        }
        throw ServiceException.invalidField("page_token", "not a token this service issued");
    }

    static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }
}
