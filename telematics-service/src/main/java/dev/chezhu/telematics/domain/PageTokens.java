package dev.chezhu.telematics.domain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.chezhu.platform.error.ServiceException;

/**
 * Opaque page tokens: base64url of {@code <query fingerprint>#<cursor>}. A token used with a
 * different query (other vehicle, signal, range...) is refused with INVALID_ARGUMENT.
 */
public final class PageTokens {

    private PageTokens() {
    }

    public static int pageSize(int requested, int defaultSize, int max) {
        if (requested < 0) {
            throw ServiceException.invalidField("page_size", "must not be negative");
        }
        return requested == 0 ? defaultSize : Math.min(requested, max);
    }

    public static String token(String cursor, String query) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((Integer.toHexString(query.hashCode()) + "#" + cursor).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of a token, or null for an empty token. */
    public static String cursor(String token, String query) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        int hash = text.indexOf('#');
        if (hash < 0 || !text.substring(0, hash).equals(Integer.toHexString(query.hashCode()))) {
            throw invalid();
        }
        return text.substring(hash + 1);
    }

    public static String offsetToken(int offset, String query) {
        return token(Integer.toString(offset), query);
    }

    public static int offset(String token, String query) {
        String cursor = cursor(token, query);
        if (cursor == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(cursor));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static ServiceException invalid() {
        return ServiceException.invalidField("page_token", "is not a token this query returned");
    }
}
