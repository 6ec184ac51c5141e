package dev.chezhu.recommendation.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.chezhu.platform.error.Violations;

/** Checks catalogue items and management requests, reporting every problem at once. */
public final class CatalogueValidator {

    public static final Set<String> UPDATABLE = Set.of("title", "kind", "tags", "language", "duration", "provider",
            "explicit", "editorial_rank");
    public static final int MAX_PAGE_SIZE = 500;
    public static final int DEFAULT_PAGE_SIZE = 50;
    static final Pattern TAG = Pattern.compile("^[a-z][a-z0-9_]{0,31}$");
    static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$");
    static final Pattern REQUEST_ID = Pattern.compile("^[\\x21-\\x7e]{1,128}$");
    static final int MAX_TAGS = 20;

    private CatalogueValidator() {
    }

    public static void validateCreate(CatalogueCommands.Create command) {
        Violations violations = new Violations();
        violations.require(command.requestId() != null && REQUEST_ID.matcher(command.requestId()).matches(),
                "request_id", "required: 1-128 printable ASCII characters");
        violations.require(command.itemId() != null && ResourceNames.ITEM_ID.matcher(command.itemId()).matches(),
                "audio_item_id", "required: 1-64 characters of a-z, 0-9 and '-', starting with a letter or digit");
        if (!command.hasItem()) {
            violations.add("audio_item", "required");
        } else {
            fields(command.fields(), UPDATABLE, violations);
        }
        violations.throwIfAny("INVALID_AUDIO_ITEM");
    }

    public static String validateUpdate(CatalogueCommands.Update command) {
        Violations violations = new Violations();
        String id = itemName(command.name(), "audio_item.name", violations);
        if (command.mask().isEmpty()) {
            violations.add("update_mask", "name at least one of " + String.join(", ", UPDATABLE.stream().sorted().toList()));
        }
        for (String path : command.mask()) {
            if (!UPDATABLE.contains(path)) {
                violations.add("update_mask", "'" + path + "' cannot be updated");
            }
        }
        if (command.hasItem()) {
            fields(command.fields(), command.mask(), violations);
        }
        violations.throwIfAny("INVALID_AUDIO_ITEM");
        return id;
    }

    /** The item ID of {@code items/{id}}; throws INVALID_ARGUMENT otherwise. */
    public static String itemId(String name, String field) {
        Violations violations = new Violations();
        String id = itemName(name, field, violations);
        violations.throwIfAny("INVALID_AUDIO_ITEM_NAME");
        return id;
    }

    private static String itemName(String name, String field, Violations violations) {
        return ResourceNames.item(name, field, violations).orElse(null);
    }

    private static void fields(CatalogueCommands.ItemFields f, Set<String> paths, Violations violations) {
        if (paths.contains("title")) {
            violations.require(f.title() != null && !f.title().isBlank() && f.title().length() <= 200,
                    "audio_item.title", "required: 1-200 characters");
        }
        if (paths.contains("kind")) {
            violations.require(f.kind() != null, "audio_item.kind", "required: a known kind, not UNSPECIFIED");
        }
        if (paths.contains("tags")) {
            List<String> tags = f.tags() == null ? List.of() : f.tags();
            violations.require(tags.size() <= MAX_TAGS, "audio_item.tags", "at most " + MAX_TAGS + " tags");
            for (String tag : tags) {
                if (!TAG.matcher(tag).matches()) {
                    violations.add("audio_item.tags", "'" + tag + "' is not a tag: a-z, 0-9 and '_', 1-32 characters");
                }
            }
        }
        if (paths.contains("language")) {
            violations.require(f.language() != null && LANGUAGE.matcher(f.language()).matches(), "audio_item.language",
                    "required: a BCP-47 language tag such as zh-CN or en");
        }
        if (paths.contains("duration")) {
            Duration d = f.duration();
            violations.require(d != null && d.getSeconds() >= 1 && d.compareTo(Duration.ofHours(24)) <= 0,
                    "audio_item.duration", "required: 1 second to 24 hours");
        }
        if (paths.contains("provider")) {
            violations.require(f.provider() != null && !f.provider().isBlank() && f.provider().length() <= 64,
                    "audio_item.provider", "required: 1-64 characters");
        }
        if (paths.contains("editorial_rank")) {
            violations.require(f.editorialRank() >= 0, "audio_item.editorial_rank", "must not be negative");
        }
    }

    public static int pageSize(int requested) {
        Violations violations = new Violations();
        violations.require(requested >= 0, "page_size", "must not be negative");
        violations.throwIfAny("INVALID_PAGE");
        return requested == 0 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
    }

    public static String encodeToken(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    public static String decodeToken(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            Violations violations = new Violations().add("page_token", "not a token this service issued");
            violations.throwIfAny("INVALID_PAGE");
            return null;
        }
    }

    static String fingerprint(CatalogueCommands.Create command) {
        CatalogueCommands.ItemFields f = command.fields();
        String canonical = String.join("|", command.itemId(), f.title(), f.kind().name(), String.join(",", f.tags()),
                f.language(), Long.toString(f.duration().getSeconds()), f.provider(), Boolean.toString(f.explicit()),
                Integer.toString(f.editorialRank()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
