package dev.chezhu.loyalty.domain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.chezhu.platform.error.ServiceException;

/** Opaque page tokens: the position after which the next page starts, and page sizes. */
public final class PageToken {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    private PageToken() {
    }

    public static String encode(String kind, String position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position in a token of this kind; null for an empty token (the first page). */
    public static String decode(String kind, String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(kind + ":")) {
                return text.substring(kind.length() + 1);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw ServiceException.invalidField("page_token", "not a page token of this list; use next_page_token as given");
    }

    public static int size(int requested) {
        if (requested < 0) {
            throw ServiceException.invalidField("page_size", "must not be negative");
        }
        return requested == 0 ? DEFAULT_SIZE : Math.min(requested, MAX_SIZE);
    }
}
